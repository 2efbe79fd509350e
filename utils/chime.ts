/** A short two-note chime on a Web Audio context: the sound of a new chat request. */
export function playChime(context: AudioContext): void {
  const start = context.currentTime;
  const gain = context.createGain();
  gain.connect(context.destination);
  gain.gain.setValueAtTime(0.0001, start);
  gain.gain.exponentialRampToValueAtTime(0.2, start + 0.02);
  gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.45);
  const oscillator = context.createOscillator();
  oscillator.type = 'sine';
  oscillator.frequency.setValueAtTime(880, start);
  oscillator.frequency.setValueAtTime(1320, start + 0.15);
  oscillator.connect(gain);
  oscillator.start(start);
  oscillator.stop(start + 0.5);
}
