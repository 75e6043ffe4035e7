export type { HostTransport } from '../../../shared/channel/transport';
