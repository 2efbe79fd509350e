import { mount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { nextTick } from 'vue';
import BaseMenuButton from '../../../components/base/BaseMenuButton.vue';

const items = [
  { key: 'one', label: 'One', testId: 'item-one' },
  { key: 'two', label: 'Two', testId: 'item-two' },
  { key: 'three', label: 'Three', testId: 'item-three' },
];

let wrapper: ReturnType<typeof mount> | undefined;
afterEach(() => {
  wrapper?.unmount();
  wrapper = undefined;
});

function mountMenu() {
  wrapper = mount(BaseMenuButton, { props: { label: 'More', testId: 'menu', items }, attachTo: document.body });
  return wrapper;
}

const focused = () => (document.activeElement as HTMLElement | null)?.dataset.testid;
const key = (el: Element, name: string) => el.dispatchEvent(new KeyboardEvent('keydown', { key: name, bubbles: true, cancelable: true }));

describe('BaseMenuButton', () => {
  it('is a named menu button: aria-haspopup, aria-expanded, and a menu of menuitems it controls', async () => {
    const menu = mountMenu();
    const button = menu.get('[data-testid="menu"]');
    expect(button.attributes('aria-label')).toBe('More');
    expect(button.attributes('aria-haspopup')).toBe('menu');
    expect(button.attributes('aria-expanded')).toBe('false');
    const list = menu.get('[role="menu"]');
    expect(button.attributes('aria-controls')).toBe(list.attributes('id'));
    expect(list.isVisible()).toBe(false);

    await button.trigger('click');
    expect(button.attributes('aria-expanded')).toBe('true');
    expect(list.isVisible()).toBe(true);
    expect(menu.findAll('[role="menuitem"]').map((i) => i.text())).toEqual(['One', 'Two', 'Three']);
    expect(focused()).toBe('item-one');
  });

  it('arrow keys, Home and End move through the items, wrapping around', async () => {
    const menu = mountMenu();
    const button = menu.get('[data-testid="menu"]').element;
    key(button, 'ArrowUp');
    await nextTick();
    await nextTick();
    expect(focused()).toBe('item-three');
    key(document.activeElement!, 'ArrowDown');
    expect(focused()).toBe('item-one');
    key(document.activeElement!, 'ArrowDown');
    expect(focused()).toBe('item-two');
    key(document.activeElement!, 'End');
    expect(focused()).toBe('item-three');
    key(document.activeElement!, 'Home');
    expect(focused()).toBe('item-one');
    key(document.activeElement!, 'ArrowUp');
    expect(focused()).toBe('item-three');
  });

  it('Escape closes the menu, gives focus back to the button and goes no further', async () => {
    const menu = mountMenu();
    await menu.get('[data-testid="menu"]').trigger('click');
    let reachedWindow = false;
    const listener = () => (reachedWindow = true);
    window.addEventListener('keydown', listener);
    key(document.activeElement!, 'Escape');
    window.removeEventListener('keydown', listener);
    await nextTick();
    expect(menu.get('[data-testid="menu"]').attributes('aria-expanded')).toBe('false');
    expect(focused()).toBe('menu');
    expect(reachedWindow).toBe(false);
  });

  it('Tab and a click outside close it; choosing an item closes it and emits the item', async () => {
    const menu = mountMenu();
    const button = menu.get('[data-testid="menu"]');
    await button.trigger('click');
    key(document.activeElement!, 'Tab');
    await nextTick();
    expect(button.attributes('aria-expanded')).toBe('false');

    await button.trigger('click');
    document.body.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }));
    await nextTick();
    expect(button.attributes('aria-expanded')).toBe('false');

    await button.trigger('click');
    await menu.get('[data-testid="item-two"]').trigger('click');
    expect(menu.emitted('select')).toEqual([['two']]);
    expect(button.attributes('aria-expanded')).toBe('false');
    expect(focused()).toBe('menu');
  });
});
