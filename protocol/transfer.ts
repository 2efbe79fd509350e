/**
 * Transfers (SPEC R25, issue 15): an agent hands an active chat they hold to a named agent or a team,
 * with an optional note. The receiver gets an ordinary offer that says it is a transfer; the chat stays
 * the sender's until it is accepted, and comes back to them on a decline or timeout.
 */
import { z } from 'zod';
import type { ConversationDTO } from './dto.ts';
import { LIMITS } from './limits.ts';

const id = z.string().min(1).max(64);

export const TRANSFER_NOTE_MAX = LIMITS.transferNote;

/** `to`: a named agent, or a team (routed inside it by the team strategy) */
export const chatTransferSchema = z.strictObject({
  conversationId: id,
  to: z.union([z.strictObject({ agentId: id }), z.strictObject({ teamId: id })]),
  /** trimmed; empty means none */
  note: z.string().max(TRANSFER_NOTE_MAX).optional(),
});
export type ChatTransferInput = z.infer<typeof chatTransferSchema>;

/**
 * pending: offered, the sender still holds the chat; accepted: the receiver holds it now; declined: the
 * (last) receiver said no; expired: nobody accepted in time (or the team ran out of agents); withdrawn:
 * the chat ended during the transfer.
 */
export type TransferStatus = 'pending' | 'accepted' | 'declined' | 'expired' | 'withdrawn';

export type TransferTarget = { kind: 'agent'; agentId: string; name: string } | { kind: 'team'; teamId: string; name: string };

export interface TransferDTO {
  id: string;
  conversationId: string;
  fromAgentId: string;
  fromAgentName: string;
  to: TransferTarget;
  note: string | null;
  status: TransferStatus;
  createdAt: number;
  endedAt: number | null;
  /** the agent who accepted or declined, by name */
  endedByName: string | null;
}

/** What a transfer's offer adds to an ordinary offer: who hands the chat over, and why. */
export interface OfferTransferDTO {
  transferId: string;
  fromAgentId: string;
  fromAgentName: string;
  note: string | null;
  /** the team the chat was handed to, when it was a team */
  teamName: string | null;
}

/** `transfer:ended`: the transfer's outcome and the chat as it is now (the receiver's when accepted). */
export interface TransferEndedUpdate {
  transfer: TransferDTO;
  conversation: ConversationDTO;
}

/** `transfer:targets`: whom the caller may hand a chat to. */
export interface TransferTargets {
  /** every enabled agent but the caller, by name */
  agents: Array<{
    id: string;
    name: string;
    /** connected now: a transfer to them can be offered */
    online: boolean;
    /** effectively available (toggle or schedule) */
    available: boolean;
    /** held chats plus open offers */
    load: number;
    /** the most chats an agent may hold */
    capacity: number;
  }>;
  teams: Array<{
    id: string;
    name: string;
    /** members other than the caller who could be offered the chat now (online, available, with room) */
    ready: number;
  }>;
}
