import type { Database } from 'better-sqlite3-multiple-ciphers';
import { viewSchema, type ViewInfo } from '../../../shared/api/contract';
import { NitkaError } from '../../../shared/result';
import { appendAudit } from './audit-log';

/** What a view stores besides its name and who saved it when. */
type ViewBody = Omit<ViewInfo, 'name' | 'updatedAt' | 'updatedBy'>;

/**
 * Saved pictures of the network: filter, node positions (a layout is computed once, then kept
 * with the case so reopening shows the same picture), hidden, pinned and grouped nodes.
 */
export class Views {
  constructor(private readonly db: Database) {}

  private names(): string[] {
    return this.db.prepare('SELECT name FROM views ORDER BY name').pluck().all() as string[];
  }

  private missing(name: string): NitkaError {
    const names = this.names();
    return new NitkaError('not_found', `no saved view named "${name}"${names.length ? `; saved: ${names.map((n) => `"${n}"`).join(', ')}` : '; none is saved yet'}`, { view: name });
  }

  /** Saves (or replaces) a view; audit-logged with its size, not its positions. */
  save(view: Omit<ViewInfo, 'updatedAt' | 'updatedBy'>, actor: string): ViewInfo {
    const name = view.name.trim();
    const body: ViewBody = { filter: view.filter, positions: view.positions, hidden: view.hidden, pinned: view.pinned, groups: view.groups, layout: view.layout };
    const now = new Date().toISOString();
    this.db.transaction(() => {
      const replaced = this.db.prepare('SELECT 1 FROM views WHERE name = ?').get(name) !== undefined;
      this.db
        .prepare('INSERT INTO views (name, json, updated_at, updated_by) VALUES (?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at, updated_by = excluded.updated_by')
        .run(name, JSON.stringify(body), now, actor);
      appendAudit(this.db, actor, 'view.save', { name, replaced, filter: body.filter, layout: body.layout, nodes: Object.keys(body.positions).length, hidden: body.hidden.length, pinned: body.pinned.length, groups: body.groups.length }, now);
    })();
    return { name, ...body, updatedAt: now, updatedBy: actor };
  }

  get(name: string): ViewInfo {
    const row = this.db.prepare('SELECT name, json, updated_at, updated_by FROM views WHERE name = ?').get(name.trim()) as { name: string; json: string; updated_at: string; updated_by: string } | undefined;
    if (!row) throw this.missing(name);
    return viewSchema.parse({ name: row.name, ...(JSON.parse(row.json) as ViewBody), updatedAt: row.updated_at, updatedBy: row.updated_by });
  }

  /** Every view with the number of nodes it has positions for. */
  list(): Array<{ name: string; updatedAt: string; nodes: number }> {
    const rows = this.db
      .prepare(`SELECT name, updated_at, (SELECT count(*) FROM json_each(views.json, '$.positions')) AS nodes FROM views ORDER BY name`)
      .all() as Array<{ name: string; updated_at: string; nodes: number }>;
    return rows.map((r) => ({ name: r.name, updatedAt: r.updated_at, nodes: r.nodes }));
  }

  delete(name: string, actor: string): void {
    const key = name.trim();
    this.db.transaction(() => {
      const gone = this.db.prepare('DELETE FROM views WHERE name = ?').run(key).changes;
      if (!gone) throw this.missing(key);
      appendAudit(this.db, actor, 'view.delete', { name: key });
    })();
  }
}
