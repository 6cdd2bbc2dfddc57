// Moved to core, where collection runs read codes the same way the response panel does.
export * from '../core/explainResponse.ts';
