// Types of scripts/build.mjs (plain JavaScript, since it runs before anything is compiled) for the TypeScript that imports it.
import type { BuildOptions } from 'esbuild';

export const ROOT: string;
export const DIST: string;
export const ESBUILD_OPTIONS: BuildOptions;
export function inputHash(files?: string[]): string;
export function isStale(): boolean;
export function build(opts?: { template?: boolean }): Promise<void>;
/** Worker-thread modules by output name (workers/<name>) → source path. */
export function workerEntries(): Record<string, string>;
/** The heavy pool's task modules by output name (tasks/<path>) → source path; with `tests`, also those test files name. */
export function taskEntries(opts?: { tests?: boolean }): Record<string, string>;
