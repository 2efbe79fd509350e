import { mount } from '@vue/test-utils';
import { beforeEach, describe, expect, it } from 'vitest';
import { h, nextTick } from 'vue';
import AdminEntryTable from '../../../components/admin/AdminEntryTable.vue';
import { resetExtension } from '../helpers/reset.ts';

beforeEach(async () => {
  await resetExtension();
});

interface Team {
  id: string;
  name: string;
}
const TEAMS: Team[] = [
  { id: 't1', name: 'Sales' },
  { id: 't2', name: 'Support' },
];

/** The table as a screen uses it (teams, sites, rules…), attached so that focus can be checked. */
function mountTable(props: { disabled?: boolean } = {}) {
  return mount(AdminEntryTable<Team>, {
    attachTo: document.body,
    props: {
      columns: ['Team'],
      entries: TEAMS,
      name: (team: Team) => team.name,
      rowKey: (team: Team) => team.id,
      rowTestId: (team: Team) => `team-${team.id}`,
      removeTestId: 'team-remove',
      testId: 'teams',
      ...props,
    },
    slots: { cells: ({ entry }: { entry: Team }) => h('td', entry.name) },
  });
}

type Wrapper = ReturnType<typeof mountTable>;
const removeButton = (wrapper: Wrapper, id: string) => wrapper.get(`[data-testid="team-${id}"] [data-testid="team-remove"]`);
const confirmation = (wrapper: Wrapper) => wrapper.find('[role="alertdialog"]');

describe('the admin console’s entry table', () => {
  it('asks before removing, in the row, with focus on Cancel, and emits remove only on the confirmation', async () => {
    const wrapper = mountTable();
    expect(removeButton(wrapper, 't2').attributes('aria-label')).toBe('Remove: Support');
    await removeButton(wrapper, 't2').trigger('click');
    await nextTick();
    expect(wrapper.emitted('remove')).toBeUndefined();
    const dialog = confirmation(wrapper);
    // the question names the entry and labels the dialog
    const question = wrapper.get(`#${dialog.attributes('aria-labelledby')}`);
    expect(question.text()).toBe('Remove Support?');
    expect(wrapper.get('[data-testid="team-t2"]').find('[role="alertdialog"]').exists()).toBe(true);
    expect(document.activeElement).toBe(wrapper.get('[data-testid="entry-remove-cancel"]').element);
    // the other rows keep their Remove button
    expect(wrapper.findAll('[data-testid="team-remove"]')).toHaveLength(1);

    await wrapper.get('[data-testid="entry-remove-ok"]').trigger('click');
    expect(wrapper.emitted('remove')).toEqual([[TEAMS[1]]]);
    expect(confirmation(wrapper).exists()).toBe(false);
    wrapper.unmount();
  });

  it('Cancel and Escape leave the entry, and focus goes back to its Remove button', async () => {
    const wrapper = mountTable();
    await removeButton(wrapper, 't1').trigger('click');
    await nextTick();
    await wrapper.get('[data-testid="entry-remove-cancel"]').trigger('click');
    await nextTick();
    expect(confirmation(wrapper).exists()).toBe(false);
    expect(document.activeElement).toBe(removeButton(wrapper, 't1').element);

    await removeButton(wrapper, 't1').trigger('click');
    await nextTick();
    await confirmation(wrapper).trigger('keydown', { key: 'Escape' });
    await nextTick();
    expect(confirmation(wrapper).exists()).toBe(false);
    expect(document.activeElement).toBe(removeButton(wrapper, 't1').element);
    expect(wrapper.emitted('remove')).toBeUndefined();
    wrapper.unmount();
  });

  it('drops the question when its entry leaves the list, so it does not come back with the entry', async () => {
    const wrapper = mountTable();
    await removeButton(wrapper, 't2').trigger('click');
    await wrapper.setProps({ entries: [TEAMS[0]!] });
    expect(confirmation(wrapper).exists()).toBe(false);
    await wrapper.setProps({ entries: TEAMS });
    expect(confirmation(wrapper).exists()).toBe(false);
    expect(wrapper.findAll('[data-testid="team-remove"]')).toHaveLength(2);
    wrapper.unmount();
  });

  it('keeps the confirmation’s Remove waiting while the screen is busy', async () => {
    const wrapper = mountTable();
    await removeButton(wrapper, 't1').trigger('click');
    await wrapper.setProps({ disabled: true });
    expect(wrapper.get('[data-testid="entry-remove-ok"]').attributes('disabled')).toBeDefined();
    await wrapper.get('[data-testid="entry-remove-ok"]').trigger('click');
    expect(wrapper.emitted('remove')).toBeUndefined();
    wrapper.unmount();
  });

  it('gives each table’s question its own id, so two tables of one screen can ask at once', async () => {
    const tableProps = (testId: string) => ({
      columns: ['Team'],
      entries: TEAMS,
      name: (team: Team) => team.name,
      removeTestId: 'team-remove',
      testId,
    });
    const cells = { cells: ({ entry }: { entry: Team }) => h('td', entry.name) };
    const screen = mount({ render: () => [h(AdminEntryTable<Team>, tableProps('first'), cells), h(AdminEntryTable<Team>, tableProps('second'), cells)] }, { attachTo: document.body });
    for (const table of ['first', 'second']) await screen.get(`[data-testid="${table}"] [data-testid="team-remove"]`).trigger('click');
    await nextTick();
    const ids = screen.findAll('[role="alertdialog"]').map((dialog) => dialog.attributes('aria-labelledby'));
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);
    for (const id of ids) expect(document.querySelectorAll(`[id="${id}"]`)).toHaveLength(1);
    screen.unmount();
  });
});
