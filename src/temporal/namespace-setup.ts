import { status as grpcStatus } from '@grpc/grpc-js';
import type { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time.js';
// @temporalio/proto is CommonJS without static named exports: import the namespace object.
import proto from '@temporalio/proto';
import { ALL_SEARCH_ATTRIBUTES, CLI_TYPE } from '../workflows/search-attributes.js';

const { temporal } = proto;
const INDEXED: Record<string, proto.temporal.api.enums.v1.IndexedValueType> = {
  KEYWORD: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  INT: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_INT,
  KEYWORD_LIST: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
};

export class TemporalSetupError extends Error {}

/**
 * Makes sure the namespace and Coxswain's search attributes exist on a Temporal that Coxswain did
 * not start. Creates what is missing where it has the rights; otherwise says exactly what to run.
 */
export async function ensureNamespaceAndSearchAttributes(
  connection: Connection,
  namespace: string,
): Promise<{ createdNamespace: boolean; createdAttributes: string[] }> {
  let createdNamespace = false;
  try {
    await connection.workflowService.describeNamespace({ namespace });
  } catch (err) {
    if (grpcCode(err) !== grpcStatus.NOT_FOUND) throw err;
    try {
      await connection.workflowService.registerNamespace({
        namespace,
        // Seven days of closed-workflow history, Prow sinker's max_prowjob_age default.
        workflowExecutionRetentionPeriod: msToTs('7 days'),
      });
      createdNamespace = true;
    } catch (e) {
      throw new TemporalSetupError(
        `Temporal namespace "${namespace}" does not exist and could not be created (${message(e)}).\n` +
          `Create it with: temporal operator namespace create --namespace ${namespace} --retention 7d`,
      );
    }
  }

  const { customAttributes } = await retryWhileNotFound(
    () => connection.operatorService.listSearchAttributes({ namespace }),
    createdNamespace ? 30_000 : 0,
  );
  const existing = new Set(Object.keys(customAttributes ?? {}));
  const missing = ALL_SEARCH_ATTRIBUTES.filter((k) => !existing.has(k.name));
  if (missing.length > 0) {
    const searchAttributes = Object.fromEntries(missing.map((k) => [k.name, INDEXED[k.type]!]));
    try {
      await connection.operatorService.addSearchAttributes({ namespace, searchAttributes });
    } catch (e) {
      const cmds = missing
        .map((k) => `  temporal operator search-attribute create --namespace ${namespace} --name ${k.name} --type ${CLI_TYPE[k.type]}`)
        .join('\n');
      throw new TemporalSetupError(
        `Coxswain's search attributes are missing on namespace "${namespace}" and could not be added (${message(e)}).\n` +
          `Create them with:\n${cmds}`,
      );
    }
  }
  return { createdNamespace, createdAttributes: missing.map((k) => k.name) };
}

// A namespace registered a moment ago is NOT_FOUND until the server's namespace cache refreshes.
async function retryWhileNotFound<T>(fn: () => Promise<T>, forMs: number): Promise<T> {
  const deadline = Date.now() + forMs;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (grpcCode(err) !== grpcStatus.NOT_FOUND || Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

function grpcCode(err: unknown): number | undefined {
  return typeof err === 'object' && err !== null && 'code' in err ? (err as { code: number }).code : undefined;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
