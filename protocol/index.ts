export * from './ack.ts';
export * from './dto.ts';
export * from './events.ts';
export * from './inbox.ts';
export * from './limits.ts';
export * from './meetings.ts';
export * from './routing.ts';
export * from './schemas.ts';
