import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import ConversationTransferDialog from '../../../components/conversation/ConversationTransferDialog.vue';
import InboxOfferBanner from '../../../components/inbox/InboxOfferBanner.vue';
import { offerNotificationText } from '../../../entrypoints/background/notifications.ts';
import type { TransferTargets } from '../../../protocol/transfer.ts';
import { conversation, offer, visitor } from '../helpers/fixtures.ts';

const targets: TransferTargets = {
  agents: [
    { id: 'b', name: 'Bea', online: true, available: true, load: 2, capacity: 10 },
    { id: 'z', name: 'Zed', online: false, available: true, load: 0, capacity: 10 },
  ],
  teams: [
    { id: 'sales', name: 'Sales', ready: 3 },
    { id: 'night', name: 'Night', ready: 0 },
  ],
};

function mountDialog(props: { targets: TransferTargets | null; busy?: boolean } = { targets }) {
  return mount(ConversationTransferDialog, { props, attachTo: document.body });
}

describe('ConversationTransferDialog', () => {
  it('asks for the targets when it opens and says it is loading until they come', () => {
    const wrapper = mountDialog({ targets: null });
    expect(wrapper.emitted('load')).toHaveLength(1);
    expect(wrapper.get('[data-testid="transfer-dialog"]').text()).toContain('Loading');
    expect(wrapper.get<HTMLButtonElement>('[data-testid="transfer-send"]').element.disabled).toBe(true);
    wrapper.unmount();
  });

  it('lists agents with their state and load and teams with how many are ready; nobody offline or no ready team can be picked', () => {
    const wrapper = mountDialog();
    const agents = wrapper.findAll('[data-testid="transfer-agent"]');
    expect(agents.map((a) => a.text())).toEqual(['Bea · online · 2/10 chats', 'Zed · offline · 0/10 chats']);
    expect(agents[1]!.get<HTMLInputElement>('input').element.disabled).toBe(true);
    const teams = wrapper.findAll('[data-testid="transfer-team"]');
    expect(teams.map((x) => x.text())).toEqual(['Sales · 3 ready', 'Night · 0 ready']);
    expect(teams[1]!.get<HTMLInputElement>('input').element.disabled).toBe(true);
    wrapper.unmount();
  });

  it('emits a transfer to the picked agent with the trimmed note', async () => {
    const wrapper = mountDialog();
    await wrapper.get('[data-testid="transfer-agent"][data-agent-id="b"] input').setValue(true);
    await wrapper.get('[data-testid="transfer-note"]').setValue('  Wants a refund  ');
    await wrapper.get('form').trigger('submit');
    expect(wrapper.emitted('transfer')).toEqual([[{ to: { agentId: 'b' }, note: 'Wants a refund' }]]);
    wrapper.unmount();
  });

  it('emits a transfer to the picked team without a note when none was written', async () => {
    const wrapper = mountDialog();
    await wrapper.get('[data-testid="transfer-team"][data-team-id="sales"] input').setValue(true);
    await wrapper.get('[data-testid="transfer-note"]').setValue('   ');
    await wrapper.get('form').trigger('submit');
    expect(wrapper.emitted('transfer')).toEqual([[{ to: { teamId: 'sales' } }]]);
    wrapper.unmount();
  });

  it('limits the note to 500 characters and sends nothing while busy', async () => {
    const wrapper = mountDialog({ targets, busy: true });
    expect(wrapper.get('[data-testid="transfer-note"]').attributes('maxlength')).toBe('500');
    await wrapper.get('[data-testid="transfer-agent"][data-agent-id="b"] input').setValue(true);
    await wrapper.get('form').trigger('submit');
    expect(wrapper.emitted('transfer')).toBeUndefined();
    wrapper.unmount();
  });

  it('closes from Cancel', async () => {
    const wrapper = mountDialog();
    await wrapper.findAll('button').find((b) => b.text() === 'Cancel')!.trigger('click');
    expect(wrapper.emitted('close')).toHaveLength(1);
    wrapper.unmount();
  });
});

describe('a transfer offer', () => {
  const transferred = offer({
    id: 'o1',
    createdAt: 1_000,
    expiresAt: 46_000,
    conversation: conversation({ status: 'active', visitor: visitor({ name: 'Vera' }) }),
    transfer: { transferId: 't1', fromAgentId: 'a', fromAgentName: 'Ada', note: 'Wants a refund', teamName: null },
  });

  it('says on the banner who transfers it and their note, as text', () => {
    const wrapper = mount(InboxOfferBanner, { props: { offer: transferred } });
    expect(wrapper.get('[data-testid="offer-transfer"]').text()).toBe('Transfer from Ada: Wants a refund');
    const bare = mount(InboxOfferBanner, { props: { offer: { ...transferred, transfer: { ...transferred.transfer!, note: '<b>x</b>' } } } });
    expect(bare.get('[data-testid="offer-transfer"]').text()).toBe('Transfer from Ada: <b>x</b>');
  });

  it('says in the notification who transfers it and their note', () => {
    expect(offerNotificationText(transferred, 'en').message).toBe('Transfer from Ada: Wants a refund\nVera wants to chat');
    expect(offerNotificationText({ ...transferred, transfer: { ...transferred.transfer!, note: null } }, 'de').message).toBe(
      'Weitergeleitet von Ada\nVera möchte chatten',
    );
  });
});
