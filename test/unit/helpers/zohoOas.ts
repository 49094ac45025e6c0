// Loads Zoho's OpenAPI 3.0 spec (vendored in test/sim/oas) into Ajv, offline:
//  - every `$ref` is made absolute against the file's GitHub raw URL, so local `#/components/…`
//    and remote `…/v8.0/common.json#/…` refs resolve to the vendored files;
//  - refs into files that are not vendored (users.json, modules.json, fields.json) resolve to
//    permissive stubs ({type:'object'}: Minified_User / Minified_Module / Minified_Field are objects);
//  - OpenAPI's `nullable: true` becomes a JSON-Schema `null` alternative (added to `enum` too).
// Optional `deviations` patch the raw spec first; see simSchema.test.ts for the list and why.
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const OAS_DIR = path.resolve(__dirname, '../../sim/oas');
export const OAS_BASE = 'https://raw.githubusercontent.com/Zohocorp-Pvt-Ltd/crm-oas/refs/heads/main/v8.0/';
export const OAS_FILES = ['bulk_write.json', 'bulk_read.json', 'common.json', 'org.json'] as const;
export type OasFile = (typeof OAS_FILES)[number];

type Json = Record<string, unknown>;
export type Docs = Record<OasFile, Json>;

export interface Deviation {
  id: string;
  why: string;
  apply(docs: Docs): void;
}

function walk(node: unknown, visit: (o: Json) => void): void {
  if (Array.isArray(node)) node.forEach((n) => walk(n, visit));
  else if (node && typeof node === 'object') {
    visit(node as Json);
    Object.values(node as Json).forEach((n) => walk(n, visit));
  }
}

function prepare(doc: Json, file: string, remote: Set<string>): void {
  walk(doc, (o) => {
    if (typeof o.$ref === 'string') {
      if (o.$ref.startsWith('#')) o.$ref = OAS_BASE + file + o.$ref;
      else if (o.$ref.startsWith(OAS_BASE)) remote.add(o.$ref);
    }
    if (o.nullable === true) {
      delete o.nullable;
      if (typeof o.type === 'string') o.type = [o.type, 'null'];
      if (Array.isArray(o.enum) && !o.enum.includes(null)) o.enum = [...o.enum, null];
      if (o.type === undefined && o.$ref !== undefined) {
        o.anyOf = [{ $ref: o.$ref }, { type: 'null' }];
        delete o.$ref;
      }
    }
  });
}

/** Stub documents for referenced files that are not vendored; each referenced pointer → {type:'object'}. */
function stubs(remote: Set<string>): Json[] {
  const byFile = new Map<string, Json>();
  for (const ref of remote) {
    const [url, pointer = ''] = ref.split('#');
    const file = url.slice(OAS_BASE.length);
    if ((OAS_FILES as readonly string[]).includes(file)) continue;
    const doc = byFile.get(url) ?? { $id: url };
    byFile.set(url, doc);
    const keys = pointer.split('/').filter(Boolean);
    let at = doc;
    keys.forEach((k, i) => {
      at[k] ??= i === keys.length - 1 ? { type: 'object' } : {};
      at = at[k] as Json;
    });
  }
  return [...byFile.values()];
}

export function loadDocs(): Docs {
  const docs = {} as Docs;
  for (const f of OAS_FILES) docs[f] = JSON.parse(fs.readFileSync(path.join(OAS_DIR, f), 'utf8')) as Json;
  return docs;
}

export class ZohoOas {
  readonly ajv: Ajv;
  readonly docs: Docs;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(deviations: Deviation[] = []) {
    this.docs = loadDocs();
    for (const d of deviations) d.apply(this.docs);
    const remote = new Set<string>();
    for (const f of OAS_FILES) prepare(this.docs[f], f, remote);
    this.ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
    addFormats(this.ajv);
    for (const f of OAS_FILES) this.ajv.addSchema({ ...this.docs[f], $id: OAS_BASE + f });
    for (const s of stubs(remote)) this.ajv.addSchema(s);
  }

  /** The response schema of an operation, e.g. ('bulk_write.json', '/crm/bulk/v8/write/{job_id}', 'get', '200'). */
  response(file: OasFile, route: string, method: string, status: string): ValidateFunction {
    const paths = this.docs[file].paths as Record<string, Record<string, Json>>;
    const responses = paths[route][method].responses as Record<string, { content: Record<string, { schema: Json }> }>;
    const schema = responses[status].content['application/json'].schema;
    const id = `${OAS_BASE}${file}/responses${route.replace(/[{}]/g, '')}/${method}/${status}`;
    const v = this.compiled.get(id) ?? this.ajv.compile({ $id: id, ...schema });
    this.compiled.set(id, v);
    return v;
  }

  /** A component schema, e.g. ('common.json', 'API_Exception'). */
  component(file: OasFile, name: string): ValidateFunction {
    const v = this.ajv.getSchema(`${OAS_BASE}${file}#/components/schemas/${name}`);
    if (!v) throw new Error(`no schema ${file}#/components/schemas/${name}`);
    return v;
  }
}

/** Validates and returns the errors (empty = valid). */
export function errorsOf(validate: ValidateFunction, body: unknown): ErrorObject[] {
  return validate(body) ? [] : [...(validate.errors ?? [])];
}

export const describeErrors = (errs: ErrorObject[]): string =>
  errs.map((e) => `${e.instancePath || '/'} ${e.keyword} ${e.message ?? ''} ${JSON.stringify(e.params)}`).join('\n');
