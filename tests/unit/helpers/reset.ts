import { fakeBrowser } from 'wxt/testing/fake-browser';
import { loadCommandSchemas } from '../../../utils/commands.ts';
import { db } from '../../../utils/db.ts';
import { removeAllCommandListeners } from '../../../utils/messaging.ts';

/** A fresh browser and an empty cache for every test. */
export async function resetExtension(): Promise<void> {
  // Messaging first: it must drop its runtime.onMessage listener before the fake browser forgets it.
  removeAllCommandListeners();
  fakeBrowser.reset();
  await Promise.all(db.tables.map((table) => table.clear()));
  // as in a panel open for a moment: the command schemas it loads after its first paint are there
  await loadCommandSchemas();
}
