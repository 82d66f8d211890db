/**
 * Line-delimited JSON spoken between ScriptSandbox (parent) and child.ts. Types only: the child
 * may import nothing at run time, because the permission model lets it read its own file only.
 */

/** First line on the child's stdin. */
export interface ChildInit {
  code: string;
  args: Record<string, unknown>;
  context: Record<string, unknown>;
  incident: Record<string, unknown>;
  allowNetwork: boolean;
}

/** Every later line on the child's stdin answers the child's last request. */
export type ChildReply = { ok: true; value: unknown } | { ok: false; error: string };

export interface HttpRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
}

export interface HttpResponse {
  StatusCode: number;
  Status: string;
  Body: string;
  Headers: Record<string, string[]>;
}

/** Lines on the child's stdout. `cmd` and `http` block the script until a reply arrives. */
export type ChildMessage =
  | { t: 'cmd'; name: string; args: Record<string, unknown> }
  | { t: 'http'; request: HttpRequest }
  | { t: 'log'; level: 'debug' | 'info' | 'error'; message: string }
  | { t: 'setContext'; path: string; value: unknown }
  | { t: 'done'; value: unknown }
  | { t: 'error'; message: string };
