/**
 * Property reads and method calls, by receiver type. Only own data properties of context
 * objects are visible (`val.toString` is undefined unless the data has such a key); methods
 * exist only where an allow-list names them, so `val.constructor` and friends lead nowhere.
 */
import { DtError } from '../dt-error.js';
import { ARRAY_METHODS } from './array-methods.js';
import { SafeRegex } from './safe-regex.js';
import { NUMBER_METHODS, STRING_METHODS } from './string-methods.js';
import { type CallSite, Internal, Namespace, checkKey, getOwn, isArrayIndex, isRecord, toStr, typeOf } from './values.js';

function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  const t = typeOf(v);
  return t === 'undefined' ? 'undefined' : `a ${t}`;
}

export function getProperty(object: unknown, key: string): unknown {
  if (object === null || object === undefined) throw new DtError('runtime', `cannot read properties of ${String(object)} (reading '${key}')`);
  checkKey(key);
  if (typeof object === 'string') {
    if (key === 'length') return object.length;
    return isArrayIndex(key) ? object[Number(key)] : undefined;
  }
  if (Array.isArray(object)) {
    if (key === 'length') return object.length;
    return isArrayIndex(key) ? (object[Number(key)] as unknown) : undefined;
  }
  if (object instanceof Namespace) return object.members.get(key);
  if (object instanceof SafeRegex) {
    if (key === 'source' || key === 'flags') return object[key];
    return key === 'global' ? object.global : undefined;
  }
  if (isRecord(object)) return getOwn(object, key);
  return undefined;
}

function objectMethod(object: Record<string, unknown>, name: string, args: readonly unknown[], site: CallSite): unknown {
  if (Object.hasOwn(object, name)) {
    const own = getOwn(object, name);
    if (own instanceof Internal && own.callable) return site.call(own, args);
    throw new DtError('runtime', `${name} is not a function`, site.pos);
  }
  if (name === 'hasOwnProperty') return Object.hasOwn(object, toStr(args[0]));
  if (name === 'toString') return '[object Object]';
  throw new DtError('runtime', `${name} is not a function`, site.pos);
}

function regexMethod(re: SafeRegex, name: string, args: readonly unknown[], site: CallSite): unknown {
  const charge = site.charge.bind(site);
  if (name === 'test') return re.test(toStr(args[0]), charge);
  if (name === 'exec') return re.exec(toStr(args[0]), 0, charge)?.groups ?? null;
  if (name === 'toString') return re.describe();
  throw new DtError('runtime', `${name} is not a function of a regular expression`, site.pos);
}

/** `receiver.name(...args)`. */
export function callMethod(receiver: unknown, name: string, args: readonly unknown[], site: CallSite): unknown {
  if (receiver === null || receiver === undefined) throw new DtError('runtime', `cannot read properties of ${String(receiver)} (reading '${name}')`, site.pos);
  checkKey(name);
  let method: ((self: never, args: readonly unknown[], site: CallSite) => unknown) | undefined;
  if (typeof receiver === 'string') method = STRING_METHODS.get(name);
  else if (typeof receiver === 'number') method = NUMBER_METHODS.get(name);
  else if (typeof receiver === 'boolean') {
    if (name === 'toString') return String(receiver);
    if (name === 'valueOf') return receiver;
  } else if (Array.isArray(receiver)) method = ARRAY_METHODS.get(name);
  else if (receiver instanceof SafeRegex) return regexMethod(receiver, name, args, site);
  else if (receiver instanceof Namespace) {
    const member = receiver.members.get(name);
    if (member instanceof Internal && member.callable) return site.call(member, args);
    throw new DtError('runtime', `${receiver.name}.${name} is not a function`, site.pos);
  } else if (isRecord(receiver)) return objectMethod(receiver, name, args, site);
  if (!method) throw new DtError('runtime', `${name}() is not available on ${describeValue(receiver)}`, site.pos);
  return method(receiver as never, args, site);
}
