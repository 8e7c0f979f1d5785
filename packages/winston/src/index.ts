export { GCHAT_LOG_TRANSPORT, GoogleChatTransport, type GoogleChatTransportOptions } from './google-chat-transport.js';
