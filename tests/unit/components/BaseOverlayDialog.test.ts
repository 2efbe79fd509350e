import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { h } from 'vue';
import BaseOverlayDialog from '../../../components/base/BaseOverlayDialog.vue';

function mountDialog(testId = 'dialog', onClose?: () => void) {
  return mount(BaseOverlayDialog, {
    props: { title: 'Title', testId, closeTestId: `close-${testId}`, closeLabel: 'Close', onClose },
    slots: { default: () => h('input', { 'data-testid': `field-${testId}` }) },
    attachTo: document.body,
  });
}

const escape = () => new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true });

describe('overlay dialog', () => {
  it('is a labelled modal dialog with the content and a close button', async () => {
    const wrapper = mountDialog();
    const dialog = wrapper.get('[data-testid="dialog"]');
    expect(dialog.attributes('role')).toBe('dialog');
    expect(dialog.attributes('aria-modal')).toBe('true');
    expect(dialog.attributes('aria-label')).toBe('Title');
    expect(wrapper.get('h2').text()).toBe('Title');
    expect(wrapper.find('[data-testid="field-dialog"]').exists()).toBe(true);
    await wrapper.get('[data-testid="close-dialog"]').trigger('click');
    expect(wrapper.emitted('close')).toHaveLength(1);
    wrapper.unmount();
  });

  it('closes on Escape, also from inside the dialog, and keeps it from the keys underneath', () => {
    const wrapper = mountDialog();
    let reachedWindow = 0;
    const onWindow = () => reachedWindow++;
    window.addEventListener('keydown', onWindow);
    wrapper.get<HTMLInputElement>('[data-testid="field-dialog"]').element.dispatchEvent(escape());
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    window.removeEventListener('keydown', onWindow);
    expect(wrapper.emitted('close')).toHaveLength(1);
    expect(reachedWindow).toBe(1);
    wrapper.unmount();
  });

  it('leaves an Escape that something inside already handled', () => {
    const wrapper = mountDialog();
    const event = escape();
    event.preventDefault();
    document.body.dispatchEvent(event);
    expect(wrapper.emitted('close')).toBeUndefined();
    wrapper.unmount();
  });

  it('closes only the most recently opened of two dialogs, and stops listening once closed', () => {
    const closed: string[] = [];
    const first = mountDialog('first', () => closed.push('first'));
    const second = mountDialog('second', () => closed.push('second'));
    document.body.dispatchEvent(escape());
    expect(closed).toEqual(['second']);
    second.unmount();
    document.body.dispatchEvent(escape());
    expect(closed).toEqual(['second', 'first']);
    first.unmount();
    document.body.dispatchEvent(escape());
    expect(closed).toEqual(['second', 'first']);
  });
});
