export { GoogleChatTransport, type GoogleChatTransportOptions } from './google-chat-transport.js';
