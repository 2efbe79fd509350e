import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import ConversationComposer from '../../../components/conversation/ConversationComposer.vue';
import { resetExtension } from '../helpers/reset.ts';

beforeEach(async () => {
  await resetExtension();
  setActivePinia(createPinia());
});

function setup(props: { disabled?: boolean } = {}) {
  const wrapper = mount(ConversationComposer, { props });
  return { wrapper, input: wrapper.get('[data-testid="composer-input"]') };
}

describe('ConversationComposer', () => {
  it('sends the text on Enter and clears the field', async () => {
    const { wrapper, input } = setup();
    await input.setValue('  Hello there  ');
    await input.trigger('keydown', { key: 'Enter' });
    expect(wrapper.emitted('send')).toEqual([['Hello there', false]]);
    expect((input.element as HTMLTextAreaElement).value).toBe('');
  });

  it('does not send on Shift+Enter', async () => {
    const { wrapper, input } = setup();
    await input.setValue('line one');
    await input.trigger('keydown', { key: 'Enter', shiftKey: true });
    expect(wrapper.emitted('send')).toBeUndefined();
    expect((input.element as HTMLTextAreaElement).value).toBe('line one');
  });

  it('refuses empty or blank text, from Enter and from the button', async () => {
    const { wrapper, input } = setup();
    await input.setValue('   \n ');
    await input.trigger('keydown', { key: 'Enter' });
    await wrapper.get('form').trigger('submit');
    expect(wrapper.emitted('send')).toBeUndefined();
    expect(wrapper.get('[data-testid="composer-send"]').attributes('disabled')).toBeDefined();
  });

  it('sends with the Send button, and neither field nor button work when disabled', async () => {
    const { wrapper, input } = setup();
    await input.setValue('via button');
    await wrapper.get('form').trigger('submit');
    expect(wrapper.emitted('send')).toEqual([['via button', false]]);

    await wrapper.setProps({ disabled: true });
    expect(input.attributes('disabled')).toBeDefined();
    expect(wrapper.get('[data-testid="composer-send"]').attributes('disabled')).toBeDefined();
  });
});
