/**
 * The background service worker: composition root. Chrome may stop the worker at any time, so every
 * listener is registered synchronously here and all state lives in storage and Dexie.
 */
import { defineBackground } from 'wxt/utils/define-background';
import { createActions } from './actions.ts';
import { createAdminPassthrough, registerAdminCommand } from './admin.ts';
import { listenToKeepAlive } from './alarms.ts';
import { registerCommands, registerScheduleCommands, registerToolkitCommands } from './commands.ts';
import { createInboxActions } from './inbox.ts';
import { createConnection, type Connection } from './connection.ts';
import { bindMeetingEvents, listenToMeetingNotificationClicks } from './meeting-events.ts';
import { createMeetingActions, registerMeetingCommands } from './meetings.ts';
import { listenToNotificationClicks } from './notifications.ts';
import { createOutbox } from './outbox.ts';
import { listenToReminders } from './reminders.ts';
import { configurePanel, openPanel, trackFocusedWindow } from './panel.ts';
import { createSerialQueue } from './queue.ts';
import { createScheduleActions } from './schedule.ts';
import { bindServerEvents } from './server-events.ts';
import { createSession, type Session } from './session.ts';
import { createTokens } from './tokens.ts';
import { bindToolkitEvents, createToolkitActions } from './toolkit.ts';
import { bindTransferEvents, createTransferActions, registerTransferCommands } from './transfer.ts';
import { listenToWakeUps } from './wake.ts';
import { pullSnapshot, receiveMessage } from './sync.ts';
import { focusItem } from '../../utils/storage.ts';

export default defineBackground(() => {
  const queue = createSerialQueue();
  const tokens = createTokens();
  // connection and session need each other (connect → sync, sign-in over → sign out): bound below.
  let connection: Connection;
  let session: Session;
  const pull = () => pullSnapshot(connection.socket());

  const outbox = createOutbox({
    socket: () => connection.socket(),
    deliver: (message) => queue.run(() => receiveMessage(message, pull)),
  });
  connection = createConnection({
    tokens,
    bind(socket) {
      bindServerEvents(socket, { queue, pull });
      bindMeetingEvents(socket, { queue });
      bindToolkitEvents(socket, { queue });
      bindTransferEvents(socket, { queue });
    },
    async onConnect() {
      const result = await queue.run(pull);
      if (result.ok) await outbox.flush();
      return result.ok;
    },
    onUnauthorized: () => session.expire(),
  });
  session = createSession({ connection, queue, tokens });
  const actions = createActions({ connection, queue, outbox });
  const wake = () => void connection.ensure().catch(console.error);

  registerCommands(session, actions, createInboxActions({ connection, queue }));
  registerScheduleCommands(createScheduleActions({ connection }));
  registerToolkitCommands(createToolkitActions({ connection, queue }));
  registerTransferCommands(createTransferActions({ connection, queue }));
  registerMeetingCommands(createMeetingActions({ connection, deliver: (message) => queue.run(() => receiveMessage(message, pull)) }));
  registerAdminCommand(createAdminPassthrough({ connection }));
  trackFocusedWindow();
  configurePanel();
  listenToNotificationClicks({
    openPanel,
    focus: (focus) => focusItem.setValue(focus),
    wake,
    accept: actions.acceptOffer,
    decline: actions.declineOffer,
  });
  listenToMeetingNotificationClicks(openPanel);
  listenToReminders();
  listenToKeepAlive(async () => {
    await connection.ensure();
    if (connection.socket()) await outbox.flush();
  });
  listenToWakeUps(wake);
  wake();
});
