export * from './ack.ts';
export * from './dto.ts';
export * from './events.ts';
export * from './limits.ts';
export * from './schemas.ts';
