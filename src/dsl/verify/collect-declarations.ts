import { BUILTIN_FIELDS, fieldInfo } from '../expression/type-check';
import { RESERVED_WORDS } from '../expression/parser';
import type { IntakeField } from '../intake-field';
import { jsonPath, type PathSegment } from '../issue';
import { forEachStep } from '../walk-steps';
import { VerifyCode } from './codes';
import type { VerifyContext } from './context';

/** Records the flow's fields, step ids and destinations, reporting duplicates and reserved names. */
export function collectDeclarations(ctx: VerifyContext): void {
  const { flow } = ctx;
  if (flow.trigger.type === 'request') {
    flow.trigger.fields.forEach((field, index) => {
      declareField(ctx, field, ['trigger', 'fields', index], undefined);
    });
  }
  forEachStep(flow.steps, (step, path) => {
    const previous = ctx.steps.get(step.id);
    if (previous) {
      ctx.error(
        VerifyCode.duplicateStepId,
        `step id "${step.id}" is already used at ${jsonPath(previous.path)}`,
        [...path, 'id'],
      );
    } else {
      ctx.steps.set(step.id, { step, path });
    }
    if (step.type === 'task') {
      step.form?.forEach((field, index) =>
        declareField(ctx, field, [...path, 'form', index], step.id),
      );
    }
  });
  collectDestinations(ctx);
}

function declareField(
  ctx: VerifyContext,
  field: IntakeField,
  path: readonly PathSegment[],
  stepId: string | undefined,
): void {
  const namePath = [...path, 'name'];
  if (BUILTIN_FIELDS.has(field.name) || RESERVED_WORDS.has(field.name)) {
    ctx.error(
      VerifyCode.reservedFieldName,
      `"${field.name}" is reserved (built-in field or expression keyword); choose another name`,
      namePath,
    );
    return;
  }
  const previous = ctx.fields.get(field.name);
  if (previous) {
    ctx.error(
      VerifyCode.duplicateField,
      `field "${field.name}" is already declared at ${jsonPath(previous.path)}`,
      namePath,
    );
    return;
  }
  if (field.type === 'choice') {
    const seen = new Set<string>();
    field.options.forEach((option, index) => {
      if (seen.has(option)) {
        ctx.error(VerifyCode.duplicateOption, `option "${option}" is listed twice`, [
          ...path,
          'options',
          index,
        ]);
      }
      seen.add(option);
    });
  }
  ctx.fields.set(field.name, {
    field,
    info: fieldInfo(field),
    path,
    ...(stepId ? { stepId } : {}),
  });
}

function collectDestinations(ctx: VerifyContext): void {
  const allowedHosts = ctx.options.allowedHosts?.map((host) => host.toLowerCase());
  ctx.flow.destinations?.forEach((destination, index) => {
    const path = ['destinations', index];
    if (ctx.destinations.has(destination.name)) {
      ctx.error(
        VerifyCode.duplicateDestination,
        `destination "${destination.name}" is declared twice`,
        [...path, 'name'],
      );
    }
    ctx.destinations.add(destination.name);
    const host = /^https?:\/\/([^/:]+)/i.exec(destination.url)?.[1]?.toLowerCase();
    if (allowedHosts && (!host || !allowedHosts.includes(host))) {
      ctx.error(
        VerifyCode.destinationNotAllowed,
        `host "${host ?? destination.url}" is not on the allow-list (${allowedHosts.join(', ') || 'empty'})`,
        [...path, 'url'],
      );
    }
  });
  for (const name of ctx.options.destinations ?? []) ctx.destinations.add(name);
}
