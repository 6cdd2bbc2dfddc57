// Types of scripts/buildNode.js for the TypeScript that imports it (benchmarks).
export const LIB: string;
export function nodeBundleIsStale(): boolean;
export function buildNodeBundle(options?: { declarations?: boolean }): Promise<void>;
export function ensureFreshNodeBundle(): Promise<void>;
