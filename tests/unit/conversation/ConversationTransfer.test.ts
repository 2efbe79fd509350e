import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import ConversationTransfer from '../../../components/conversation/ConversationTransfer.vue';
import type { ChatTransferInput, TransferDTO, TransferTargets } from '../../../protocol/transfer.ts';
import { db } from '../../../utils/db.ts';
import { onCommand } from '../../../utils/messaging.ts';
import { resetExtension } from '../helpers/reset.ts';

beforeEach(async () => {
  await resetExtension();
  setActivePinia(createPinia());
});

const pending: TransferDTO = {
  id: 't1',
  conversationId: 'conv-1',
  fromAgentId: 'me',
  fromAgentName: 'Ada',
  to: { kind: 'agent', agentId: 'bea', name: 'Bea' },
  note: null,
  status: 'pending',
  createdAt: 1,
  endedAt: null,
  endedByName: null,
};

const status = (wrapper: ReturnType<typeof mount>) => wrapper.find('[data-testid="transfer-status"]');

describe('ConversationTransfer', () => {
  it('says whom it waits for while the transfer is pending, and offers no second transfer', async () => {
    await db.meta.put({ key: 'transfers', value: [pending] });
    const wrapper = mount(ConversationTransfer, { props: { conversationId: 'conv-1' } });
    await vi.waitFor(() => expect(status(wrapper).text()).toBe('Waiting for Bea to accept the transfer…'));
    expect(wrapper.get<HTMLButtonElement>('[data-testid="transfer-open"]').element.disabled).toBe(true);
  });

  it('says who declined, or that nobody accepted, with a button to dismiss it', async () => {
    await db.meta.put({ key: 'transfers', value: [{ ...pending, status: 'declined', endedByName: 'Bea' }] });
    const wrapper = mount(ConversationTransfer, { props: { conversationId: 'conv-1' } });
    await vi.waitFor(() => expect(status(wrapper).text()).toContain('Bea declined the transfer. The chat stays with you.'));
    await db.meta.put({ key: 'transfers', value: [{ ...pending, status: 'expired' }] });
    await vi.waitFor(() => expect(status(wrapper).text()).toContain('Nobody accepted the transfer. The chat stays with you.'));
    expect(wrapper.get<HTMLButtonElement>('[data-testid="transfer-open"]').element.disabled).toBe(false);

    let dismissed: unknown = null;
    onCommand('dismissTransfer', ({ data }) => {
      dismissed = data;
      return { ok: true, data: null };
    });
    await wrapper.get('[data-testid="transfer-dismiss"]').trigger('click');
    await vi.waitFor(() => expect(dismissed).toEqual({ transferId: 't1' }));
  });

  it('opens the dialog with the targets from the worker and sends the chosen transfer for this chat, then closes', async () => {
    const targets: TransferTargets = { agents: [{ id: 'bea', name: 'Bea', online: true, available: true, load: 0, capacity: 10 }], teams: [] };
    const sent: ChatTransferInput[] = [];
    onCommand('transferTargets', () => ({ ok: true, data: targets }));
    onCommand('transferChat', ({ data }) => {
      sent.push(data);
      return { ok: true, data: pending };
    });
    const wrapper = mount(ConversationTransfer, { props: { conversationId: 'conv-1' }, attachTo: document.body });
    await wrapper.get('[data-testid="transfer-open"]').trigger('click');
    await vi.waitFor(() => expect(wrapper.findAll('[data-testid="transfer-agent"]')).toHaveLength(1));
    await wrapper.get('[data-testid="transfer-agent"] input').setValue(true);
    await wrapper.get('[data-testid="transfer-note"]').setValue('VIP');
    await wrapper.get('form').trigger('submit');
    await vi.waitFor(() => expect(wrapper.find('[data-testid="transfer-dialog"]').exists()).toBe(false));
    expect(sent).toEqual([{ conversationId: 'conv-1', to: { agentId: 'bea' }, note: 'VIP' }]);
    wrapper.unmount();
  });
});
