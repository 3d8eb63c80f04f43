import { Router } from 'express';
import type { PrismaClient } from '../db/prisma';
import { groupsOf } from '../auth/acting-parties';
import { isAvailable } from '../activities/directory';
import { requireRole } from '../auth/authenticate';
import { principalOf } from '../auth/principal';
import { UserRole } from '../auth/roles';
import { GROUP_KINDS, GroupName, PutGroupRequest, PutPersonRequest } from './directory-request';
import { ApiError } from './errors';
import { EmailParam } from './identity-request';
import { issuesOf } from './issues';
import { decodeCursor, NameCursor, PageQuery, pageOf } from './pages';
import { parseInput, parsePathParam, parseQuery } from './parse-input';

export interface DirectoryDeps {
  prisma: PrismaClient;
}

/**
 * The directory of teams and roles: `PUT /directory/{teams|roles}/:name` replaces a group's
 * members (logging who was added and removed), `GET` shows one group with its change log, or all.
 */
export function directoryRouter({ prisma }: DirectoryDeps): Router {
  const router = Router();

  for (const [plural, kind] of Object.entries(GROUP_KINDS)) {
    router.put(`/directory/${plural}/:name`, requireRole(UserRole.admin), async (req, res) => {
      const name = groupName(req.params.name);
      const body = PutGroupRequest.safeParse(req.body ?? {});
      if (!body.success) {
        throw new ApiError('invalid_body', `The ${kind} is not valid`, issuesOf(body.error));
      }
      const members = [...new Set(body.data.members)].sort();
      const changedBy = principalOf(res).email;
      const created = await prisma.$transaction(async (tx) => {
        // PUTs of one group take turns: each replaces the whole list, none is half merged.
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`directory ${kind}:${name}`}))`;
        const existing = await tx.directoryGroup.findUnique({
          where: { kind_name: { kind, name } },
          include: { members: { select: { email: true } } },
        });
        const group =
          existing ??
          (await tx.directoryGroup.create({ data: { kind, name }, include: { members: true } }));
        const before = new Set(group.members.map((m) => m.email));
        const added = members.filter((email) => !before.has(email));
        const removed = [...before].filter((email) => !members.includes(email)).sort();
        await tx.directoryMember.deleteMany({
          where: { groupId: group.id, email: { in: removed } },
        });
        await tx.directoryMember.createMany({
          data: added.map((email) => ({ groupId: group.id, email })),
        });
        if (!existing || added.length > 0 || removed.length > 0) {
          await tx.directoryChange.create({
            data: { groupId: group.id, changedBy, added, removed },
          });
          await tx.directoryGroup.update({
            where: { id: group.id },
            data: { updatedAt: new Date() },
          });
        }
        return !existing;
      });
      res.status(created ? 201 : 200).json(await showGroup(prisma, kind, name));
    });

    router.get(`/directory/${plural}/:name`, async (req, res) => {
      const name = groupName(req.params.name);
      const group = await showGroup(prisma, kind, name);
      if (!group)
        throw new ApiError('group_not_found', `There is no ${kind} ${name} in the directory`);
      res.json(group);
    });

    router.get(`/directory/${plural}`, async (req, res) => {
      const query = parseQuery(PageQuery, req.query);
      const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, NameCursor);
      const rows = await prisma.directoryGroup.findMany({
        where: { kind, ...(after === undefined ? {} : { name: { gt: after } }) },
        orderBy: { name: 'asc' },
        take: query.limit + 1,
        include: { members: { select: { email: true }, orderBy: { email: 'asc' } } },
      });
      const page = pageOf(rows, query.limit, (g) => g.name);
      res.json({
        [plural]: page.items.map((g) => ({
          name: g.name,
          members: g.members.map((m) => m.email),
          updatedAt: g.updatedAt,
        })),
        nextCursor: page.nextCursor,
      });
    });
  }

  router.put('/directory/people/:email', requireRole(UserRole.admin), async (req, res) => {
    const email = parsePathParam(EmailParam, req.params.email, 'email');
    const body = parseInput(PutPersonRequest, req.body ?? {}, 'The person');
    if (body.manager === email) {
      throw new ApiError('invalid_body', `${email} cannot manage themselves`);
    }
    const changes = {
      ...(body.manager === undefined ? {} : { manager: body.manager }),
      ...(body.capacity === undefined ? {} : { capacity: body.capacity }),
      ...(body.away === undefined
        ? {}
        : {
            awayFrom: body.away && new Date(body.away.from),
            awayUntil: body.away && new Date(body.away.until),
          }),
    };
    const existed = await prisma.directoryPerson.findUnique({ where: { email } });
    await prisma.directoryPerson.upsert({
      where: { email },
      create: { email, ...changes },
      update: changes,
    });
    res.status(existed ? 200 : 201).json(await showPerson(prisma, email));
  });

  router.get('/directory/people/:email', async (req, res) => {
    const email = parsePathParam(EmailParam, req.params.email, 'email');
    res.json(await showPerson(prisma, email));
  });

  return router;
}

/** A person as the directory knows them: their manager, who reports to them, their groups. */
async function showPerson(prisma: PrismaClient, email: string) {
  const [person, reports, groups, openTasks] = await Promise.all([
    prisma.directoryPerson.findUnique({ where: { email } }),
    prisma.directoryPerson.findMany({ where: { manager: email }, orderBy: { email: 'asc' } }),
    groupsOf(prisma, email),
    prisma.task.count({ where: { assignee: `person:${email}`, status: 'open' } }),
  ]);
  const away =
    person?.awayFrom && person.awayUntil
      ? { from: person.awayFrom.toISOString(), until: person.awayUntil.toISOString() }
      : null;
  const capacity = person?.capacity ?? null;
  return {
    email,
    manager: person?.manager ?? null,
    reports: reports.map((r) => r.email),
    groups,
    capacity,
    away,
    openTasks,
    available: isAvailable(person, openTasks, new Date()),
  };
}

function groupName(raw: string | string[] | undefined): string {
  return parsePathParam(GroupName, raw, 'name');
}

/** How many of a group's latest member changes it shows. */
const GROUP_CHANGES_SHOWN = 100;

async function showGroup(prisma: PrismaClient, kind: string, name: string) {
  const group = await prisma.directoryGroup.findUnique({
    where: { kind_name: { kind, name } },
    include: {
      members: { select: { email: true }, orderBy: { email: 'asc' } },
      changes: { orderBy: { id: 'desc' }, take: GROUP_CHANGES_SHOWN },
    },
  });
  return (
    group && {
      kind,
      name,
      members: group.members.map((m) => m.email),
      updatedAt: group.updatedAt,
      changes: group.changes.reverse().map((c) => ({
        changedBy: c.changedBy,
        added: c.added,
        removed: c.removed,
        at: c.createdAt,
      })),
    }
  );
}
