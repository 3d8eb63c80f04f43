import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as proto from '@temporalio/proto';
import { patchProtobufRoot } from '@temporalio/proto/lib/patch-protobuf-root';

interface ProtoJson {
  fromJson(type: unknown, json: unknown, options: { ignoreUnknownFields: boolean }): unknown;
  toJson(type: unknown, message: unknown): unknown;
}

// The protojson codec and History type of the protobufjs that @temporalio/proto uses.
function historyCodec() {
  const requireFromProto = createRequire(require.resolve('@temporalio/proto'));
  const protojson = requireFromProto('protobufjs/ext/protojson') as ProtoJson;
  const root = patchProtobufRoot(proto) as unknown as { lookupType(name: string): unknown };
  return { protojson, type: root.lookupType('temporal.api.history.v1.History') };
}

/**
 * A workflow history saved by `temporal workflow show --output json`, for a replay test.
 * Read with the protobufjs that @temporalio/proto uses: the `historyFromJSON` of
 * @temporalio/common checks the type against its own copy of protobufjs and refuses it.
 */
export function loadHistory(file: string): proto.temporal.api.history.v1.History {
  const { protojson, type } = historyCodec();
  const json: unknown = JSON.parse(readFileSync(file, 'utf8'));
  return protojson.fromJson(type, json, {
    ignoreUnknownFields: true,
  }) as proto.temporal.api.history.v1.History;
}

/**
 * The JSON text of a history as `temporal workflow show --output json` writes it, which
 * {@link loadHistory} reads (the `historyToJSON` of @temporalio/common refuses, as above).
 */
export function historyToJson(history: proto.temporal.api.history.v1.IHistory): string {
  const { protojson, type } = historyCodec();
  const message = proto.temporal.api.history.v1.History.fromObject(history);
  return `${JSON.stringify(protojson.toJson(type, message), null, 2)}\n`;
}
