// The pipeline tests' name for the shared TCP proxy, put in front of the test Redis.
export { startTcpProxy as startRedisProxy, type TcpProxy as RedisProxy } from '../support/tcp-proxy';
