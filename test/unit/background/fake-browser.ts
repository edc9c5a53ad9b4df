// In-memory stand-in for the parts of `webextension-polyfill` the background and popup use.
// Tests mock the polyfill with `fakeBrowser` and inspect its state directly.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

type Listener = (...args: any[]) => any;

export class FakeEvent {
  listeners: Listener[] = [];
  addListener(fn: Listener) { this.listeners.push(fn); }
  removeListener(fn: Listener) { this.listeners = this.listeners.filter((l) => l !== fn); }
  hasListener(fn: Listener) { return this.listeners.includes(fn); }
  /** Calls every listener; returns what they returned. */
  fire(...args: any[]): any[] { return this.listeners.map((l) => l(...args)); }
}

const clone = <T>(v: T): T => (v === undefined ? v : structuredClone(v));

class FakeStorageArea {
  data = new Map<string, unknown>();
  constructor(private readonly name: string, private readonly changed: FakeEvent) {}
  async get(keys?: string | string[] | null): Promise<Record<string, unknown>> {
    const wanted = keys == null ? [...this.data.keys()] : typeof keys === 'string' ? [keys] : keys;
    const out: Record<string, unknown> = {};
    for (const k of wanted) if (this.data.has(k)) out[k] = clone(this.data.get(k));
    return out;
  }
  async set(items: Record<string, unknown>): Promise<void> {
    const changes: Record<string, { oldValue?: unknown; newValue?: unknown }> = {};
    for (const [k, v] of Object.entries(items)) {
      changes[k] = { oldValue: this.data.get(k), newValue: clone(v) };
      this.data.set(k, clone(v));
    }
    this.changed.fire(changes, this.name);
  }
  async remove(keys: string | string[]): Promise<void> {
    for (const k of typeof keys === 'string' ? [keys] : keys) this.data.delete(k);
  }
}

const messages = (locale: string) =>
  JSON.parse(readFileSync(resolve(import.meta.dirname, `../../../_locales/${locale}/messages.json`), 'utf8')) as Record<
    string,
    { message: string; placeholders?: Record<string, { content: string }> }
  >;

export const EXTENSION_ID = 'test-extension-id';
export const EXTENSION_ORIGIN = `chrome-extension://${EXTENSION_ID}/`;

function createFake() {
  const storageChanged = new FakeEvent();
  const en = messages('en');
  const state = {
    badgeText: new Map<number, string>(),
    badgeColor: new Map<number, string>(),
    dynamicRules: [] as { id: number; [k: string]: unknown }[],
    sessionRules: [] as { id: number; [k: string]: unknown }[],
    enabledRulesets: new Set(['nocoin']),
    tabs: new Map<number, { id: number; url?: string; active?: boolean }>(),
    reloaded: [] as number[],
    alarms: new Map<string, { when?: number; periodInMinutes?: number }>(),
    notifications: [] as { id: string; options: Record<string, unknown> }[],
  };
  return {
    state,
    storage: {
      session: new FakeStorageArea('session', storageChanged),
      local: new FakeStorageArea('local', storageChanged),
      /** Filled by tests as an admin's policy would be. */
      managed: new FakeStorageArea('managed', storageChanged),
      onChanged: storageChanged,
    },
    action: {
      async setBadgeText({ tabId, text }: { tabId: number; text: string }) { state.badgeText.set(tabId, text); },
      async setBadgeBackgroundColor({ tabId, color }: { tabId: number; color: string }) { state.badgeColor.set(tabId, color); },
    },
    declarativeNetRequest: {
      async getDynamicRules() { return clone(state.dynamicRules); },
      async updateDynamicRules({ removeRuleIds = [], addRules = [] }: { removeRuleIds?: number[]; addRules?: any[] }) {
        const kept = state.dynamicRules.filter((r) => !removeRuleIds.includes(r.id));
        for (const r of addRules) {
          if (kept.some((k) => k.id === r.id)) throw new Error(`Rule with id ${r.id} already exists`);
          kept.push(clone(r));
        }
        state.dynamicRules = kept;
      },
      async getSessionRules() { return clone(state.sessionRules); },
      async updateSessionRules({ removeRuleIds = [], addRules = [] }: { removeRuleIds?: number[]; addRules?: any[] }) {
        state.sessionRules = state.sessionRules.filter((r) => !removeRuleIds.includes(r.id)).concat(addRules.map(clone));
      },
      async updateEnabledRulesets({ enableRulesetIds = [], disableRulesetIds = [] }: { enableRulesetIds?: string[]; disableRulesetIds?: string[] }) {
        for (const id of disableRulesetIds) state.enabledRulesets.delete(id);
        for (const id of enableRulesetIds) state.enabledRulesets.add(id);
      },
    },
    runtime: {
      id: EXTENSION_ID,
      getURL: (path: string) => EXTENSION_ORIGIN + path.replace(/^\//, ''),
      getManifest: () => ({
        version: '0.1.0',
        declarative_net_request: { rule_resources: [{ id: 'nocoin', enabled: true, path: 'rulesets/nocoin.json' }] },
      }),
      sendMessage: async (_msg: unknown): Promise<unknown> => undefined,
      onMessage: new FakeEvent(),
      onInstalled: new FakeEvent(),
      onStartup: new FakeEvent(),
    },
    tabs: {
      async get(id: number) {
        const tab = state.tabs.get(id);
        if (!tab) throw new Error(`No tab with id: ${id}`);
        return clone(tab);
      },
      async query(q: { active?: boolean }) {
        return [...state.tabs.values()].filter((t) => q.active === undefined || t.active === q.active).map(clone);
      },
      async reload(id: number) { state.reloaded.push(id); },
      onRemoved: new FakeEvent(),
    },
    webNavigation: { onCommitted: new FakeEvent() },
    alarms: {
      async create(name: string, info: { when?: number; periodInMinutes?: number }) { state.alarms.set(name, info); },
      onAlarm: new FakeEvent(),
    },
    notifications: {
      async create(id: string, options: Record<string, unknown>) { state.notifications.push({ id, options }); return id; },
    },
    webRequest: { onErrorOccurred: new FakeEvent() },
    i18n: {
      getMessage(key: string, subs: string[] = []) {
        const m = en[key];
        if (!m) return '';
        return m.message.replace(/\$([A-Za-z0-9_]+)\$/g, (_, name: string) => {
          const content = m.placeholders?.[name.toLowerCase()]?.content ?? '';
          return content.replace(/\$(\d)/g, (__, i: string) => subs[Number(i) - 1] ?? '');
        });
      },
      getUILanguage: () => 'en-US',
    },
  };
}

export type FakeBrowser = ReturnType<typeof createFake>;

/** The live fake; `resetFakeBrowser` swaps its contents in place so module-level imports stay valid. */
export const fakeBrowser: FakeBrowser = createFake();

export function resetFakeBrowser(): void {
  Object.assign(fakeBrowser, createFake());
}
