export { GoogleChatTransport, type GoogleChatTransportOptions } from './google-chat-transport.js';
export { fromWinstonInfo } from './winston-info.js';
