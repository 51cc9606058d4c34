/**
 * What every chat parser yields, whatever the app: chats, messages (and system events) and
 * fragments it could not read, each with its locator in the source. The ingest writes these.
 */

/** Where a record sits in its source file. */
export interface Locator {
  /** 1-based first and last line, for line-based formats */
  line?: number;
  lastLine?: number;
  /** byte offset of the record's first line, for line-based formats */
  offset?: number;
  /** the app's own message id, for JSON formats */
  messageId?: string;
  /** path inside an archive, when the export is a zip */
  entry?: string;
}

export interface ParsedChat {
  kind: 'chat';
  /** unique within this source */
  key: string;
  platform: 'whatsapp' | 'telegram' | 'messenger' | 'instagram' | 'signal' | 'discord' | 'csv';
  title: string;
  participants?: Array<{ key: string; name: string | null }>;
}

export interface ParsedMessage {
  kind: 'message' | 'system';
  chatKey: string;
  /**
   * The sender as the platform identifies them: a phone number as printed (WhatsApp), `user123`
   * (Telegram), a user id (Discord), else the display name. Null for system events without actor.
   */
  senderKey: string | null;
  senderName: string | null;
  /**
   * True when the app gives no stable sender id, only a display name (Messenger, Signal text):
   * the account is then scoped to this source, since two people may share a name.
   */
  senderKeyIsName?: boolean;
  /** ISO UTC */
  utc: string;
  /** the time exactly as the export wrote it */
  timeText: string;
  /** the zone local times were read in; null when the export gave UTC or epoch times */
  timezone: string | null;
  body: string;
  /** for system events: a short code (group_created, phone_call, number_changed, …) */
  event: string | null;
  replyTo: string | null;
  forwardedFrom: string | null;
  edited: boolean;
  deleted: boolean;
  /** referenced media; several file names are separated by newlines */
  media: { fileName: string | null; omitted: boolean } | null;
  locator: Locator;
}

export interface ParsedFragment {
  kind: 'unparsed';
  text: string;
  locator: Locator;
}

export type ChatRecord = ParsedChat | ParsedMessage | ParsedFragment;
