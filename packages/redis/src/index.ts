export { createRedisCoordinator, type RedisCoordinatorOptions } from './redis-coordinator.js';
