/**
 * Meetings in the side panel (SPEC R12, R13): the agent's meeting settings and booked meetings (the
 * Meetings screen), and the calendars they can share into a chat. The server holds all of it.
 */
import { defineStore } from 'pinia';
import { onScopeDispose, ref, shallowRef } from 'vue';
import type { CalendarOption, MeetingDTO, MeetingSettings } from '../protocol/meetings.ts';
import { sendCommand } from '../utils/commands.ts';
import { meetingsChangedItem } from '../utils/storage.ts';
import { runCommand } from './command.ts';

export const useMeetingsStore = defineStore('meetings', () => {
  const open = ref(false);
  const loading = ref(false);
  const saving = ref(false);
  /** true after a save, until the screen is opened again */
  const saved = ref(false);
  const settings = shallowRef<MeetingSettings | null>(null);
  const meetings = shallowRef<MeetingDTO[]>([]);
  const calendars = shallowRef<CalendarOption[] | null>(null);
  const sharing = ref(false);

  async function loadMeetings(): Promise<void> {
    const result = await runCommand(() => sendCommand('listMeetings'));
    if (result.ok) meetings.value = result.data;
  }

  // a booking or cancellation (either side) changes the list: reload it while it is shown
  const unwatch = meetingsChangedItem.watch(() => {
    if (open.value) void loadMeetings();
  });
  onScopeDispose(unwatch);

  async function show(): Promise<void> {
    open.value = true;
    saved.value = false;
    loading.value = true;
    const result = await runCommand(() => sendCommand('getMeetingSettings'));
    if (result.ok) settings.value = result.data;
    await loadMeetings();
    loading.value = false;
  }

  function hide(): void {
    open.value = false;
  }

  async function save(next: MeetingSettings): Promise<boolean> {
    saving.value = true;
    saved.value = false;
    const result = await runCommand(() => sendCommand('setMeetingSettings', next));
    saving.value = false;
    if (!result.ok) return false;
    settings.value = result.data;
    saved.value = true;
    return true;
  }

  async function cancel(meetingId: string): Promise<void> {
    const result = await runCommand(() => sendCommand('cancelMeeting', { meetingId }));
    if (result.ok) meetings.value = meetings.value.filter((m) => m.id !== meetingId);
  }

  /** The calendars that may be shared right now (who takes meetings changes, so asked each time). */
  async function loadCalendars(): Promise<void> {
    calendars.value = null;
    const result = await runCommand(() => sendCommand('listCalendars'));
    calendars.value = result.ok ? result.data : [];
  }

  async function share(conversationId: string, agentId: string): Promise<boolean> {
    sharing.value = true;
    const result = await runCommand(() => sendCommand('shareCalendar', { conversationId, agentId }));
    sharing.value = false;
    return result.ok;
  }

  return { open, loading, saving, saved, settings, meetings, calendars, sharing, show, hide, save, cancel, loadCalendars, share, loadMeetings };
});
