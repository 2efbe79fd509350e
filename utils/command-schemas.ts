/** What each side panel command's payload must look like: the wire contract's schemas, by command. */
import './zod-jitless.ts';
import { z } from 'zod';
import { conversationListSchema, typingSetSchema, visitorHistorySchema } from '../protocol/inbox.ts';
import { meetingRefSchema, meetingSettingsSchema, meetingsShareSchema } from '../protocol/meetings.ts';
import { scheduleSetSchema } from '../protocol/routing.ts';
import {
  availabilitySetSchema,
  conversationRefSchema,
  loginSchema,
  messageSendSchema,
  offerRefSchema,
} from '../protocol/schemas.ts';
import {
  conversationTagSchema,
  savedReplyCreateSchema,
  savedReplyRefSchema,
  savedReplyUpdateSchema,
  searchSchema,
} from '../protocol/toolkit.ts';
import { chatTransferSchema } from '../protocol/transfer.ts';
import type { CommandMap } from './messaging.ts';

export const COMMAND_SCHEMAS: { [K in keyof CommandMap]?: z.ZodType } = {
  signIn: loginSchema.extend({ serverUrl: z.string().min(1).max(2000) }),
  setAvailability: availabilitySetSchema,
  acceptOffer: offerRefSchema,
  declineOffer: offerRefSchema,
  // the background picks the message's client id
  sendMessage: messageSendSchema.omit({ clientId: true }).extend({ note: z.boolean().optional() }),
  discardMessage: z.strictObject({ clientId: z.string().min(1).max(64) }),
  endConversation: conversationRefSchema,
  listConversations: conversationListSchema,
  openConversation: conversationRefSchema,
  visitorHistory: visitorHistorySchema,
  setTyping: typingSetSchema,
  markRead: conversationRefSchema,
  setSchedule: scheduleSetSchema,
  setMeetingSettings: meetingSettingsSchema,
  shareCalendar: meetingsShareSchema,
  cancelMeeting: meetingRefSchema,
  tagConversation: conversationTagSchema.extend({ on: z.boolean() }),
  createReply: savedReplyCreateSchema,
  updateReply: savedReplyUpdateSchema,
  deleteReply: savedReplyRefSchema,
  searchMessages: searchSchema,
  transferChat: chatTransferSchema,
  dismissTransfer: z.strictObject({ transferId: z.string().min(1).max(64) }),
};
