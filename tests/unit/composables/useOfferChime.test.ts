import { beforeEach, describe, expect, it, vi } from 'vitest';
import { effectScope, nextTick, ref } from 'vue';
import { useOfferChime } from '../../../composables/useOfferChime.ts';

/** Just enough of WebAudio to count the notes started. */
class FakeAudioContext {
  static started = 0;
  state: AudioContextState = 'running';
  currentTime = 0;
  destination = {};
  createGain() {
    return { connect() {}, gain: { setValueAtTime() {}, exponentialRampToValueAtTime() {} } };
  }
  createOscillator() {
    return {
      type: 'sine',
      frequency: { setValueAtTime() {} },
      connect() {},
      start: () => FakeAudioContext.started++,
      stop() {},
    };
  }
  resume() {
    return Promise.resolve();
  }
  close() {
    return Promise.resolve();
  }
}

beforeEach(() => {
  FakeAudioContext.started = 0;
  // (never unstubbed: unstubAllGlobals would also drop the fake `browser`; files are isolated anyway)
  vi.stubGlobal('AudioContext', FakeAudioContext);
});

describe('useOfferChime', () => {
  it('chimes for a new offer once the panel has had an interaction, not for the offers it opened with', async () => {
    const ids = ref<string[] | undefined>(undefined);
    const scope = effectScope();
    scope.run(() => useOfferChime(ids));

    ids.value = ['already-there'];
    await nextTick();
    window.dispatchEvent(new Event('pointerdown'));
    ids.value = ['already-there', 'new-one'];
    await nextTick();
    ids.value = ['new-one'];
    await nextTick();

    expect(FakeAudioContext.started).toBe(1);
    scope.stop();
  });

  it('stays silent before any interaction (autoplay rules)', async () => {
    const ids = ref<string[] | undefined>([]);
    const scope = effectScope();
    scope.run(() => useOfferChime(ids));
    ids.value = ['new-one'];
    await nextTick();
    expect(FakeAudioContext.started).toBe(0);
    scope.stop();
  });
});
