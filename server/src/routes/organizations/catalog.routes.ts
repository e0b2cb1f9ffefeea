// The organization's catalog: categories, brands, deliverable types (perceived minutes) and deliverables.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CATEGORY_GROUPS, PLATFORMS } from '@proofwork/core';
import {
  createBrand,
  createCategory,
  createDeliverable,
  createDeliverableType,
  getBrand,
  type getCategory,
  getDeliverable,
  getDeliverableType,
  listBrands,
  listCategories,
  listDeliverables,
  listDeliverableTypes,
  updateBrand,
  updateCategory,
  updateDeliverable,
  updateDeliverableType,
} from '@proofwork/db';
import Type from 'typebox';
import { invalidField, notFound } from '../../lib/errors';
import { Color, ErrorResponses, LocalDate, OrgParams, Uuid } from '../../lib/schemas';
import { MANAGERS } from '../../plugins/tenant';

const Name = Type.String({ minLength: 1, maxLength: 80 });
const Aliases = Type.Array(Type.String({ minLength: 1, maxLength: 60 }), { maxItems: 60 });
const Slug = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,39}$', description: 'Used in quick-add as @slug' });
const Platform = Type.Union(
  PLATFORMS.map((p) => Type.Literal(p)) as never as [ReturnType<typeof Type.Literal<'other'>>],
);
const Group = Type.Union(
  CATEGORY_GROUPS.map((g) => Type.Literal(g)) as never as [ReturnType<typeof Type.Literal<'content'>>],
);
const Timestamp = Type.String({ format: 'date-time' });
const NullableTimestamp = Type.Union([Timestamp, Type.Null()]);
const IncludeArchived = Type.Object(
  { includeArchived: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);

const CategoryBody = Type.Object({
  id: Uuid,
  key: Type.String(),
  group: Type.String(),
  nameEn: Type.String(),
  nameFr: Type.String(),
  aliasesEn: Type.Array(Type.String()),
  aliasesFr: Type.Array(Type.String()),
  color: Type.String(),
  position: Type.Integer(),
  archivedAt: NullableTimestamp,
});
const BrandBody = Type.Object({
  id: Uuid,
  name: Type.String(),
  slug: Type.String(),
  color: Type.String(),
  archivedAt: NullableTimestamp,
});
const DeliverableTypeBody = Type.Object({
  id: Uuid,
  key: Type.String(),
  nameEn: Type.String(),
  nameFr: Type.String(),
  aliasesEn: Type.Array(Type.String()),
  aliasesFr: Type.Array(Type.String()),
  perceivedMinutes: Type.Number(),
  position: Type.Integer(),
  archivedAt: NullableTimestamp,
});
const DeliverableBody = Type.Object({
  id: Uuid,
  deliverableTypeId: Uuid,
  title: Type.String(),
  brandId: Type.Union([Uuid, Type.Null()]),
  platform: Type.Union([Type.String(), Type.Null()]),
  publishedOn: Type.Union([LocalDate, Type.Null()]),
  createdAt: Timestamp,
});

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const archivedPatch = (archived: boolean | undefined, now: Date) =>
  archived === undefined ? {} : { archivedAt: archived ? now : null };

function slugify(text: string): string {
  return (
    text
      .normalize('NFD')
      .replace(/\p{Diacritic}/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40) || 'item'
  );
}

type Row<T extends (...args: never[]) => Promise<unknown>> = NonNullable<Awaited<ReturnType<T>>>;
const categoryBody = (r: Row<typeof getCategory>) => ({ ...r, archivedAt: iso(r.archivedAt) });
const brandBody = (r: Row<typeof getBrand>) => ({ ...r, archivedAt: iso(r.archivedAt) });
const typeBody = (r: Row<typeof getDeliverableType>) => ({
  ...r,
  perceivedMinutes: r.perceivedSeconds / 60,
  archivedAt: iso(r.archivedAt),
});
const deliverableBody = (r: Row<typeof getDeliverable>) => ({ ...r, createdAt: r.createdAt.toISOString() });

const catalogRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, clock } = app.deps;

  async function assertBrand(organizationId: string, brandId: string | null | undefined) {
    if (brandId && !(await getBrand(db, organizationId, brandId)))
      throw invalidField('body.brandId', 'is not a brand of this organization');
  }

  // Categories
  app.get(
    '/categories',
    {
      schema: {
        tags: ['catalog'],
        summary: 'Categories of work (two levels: group and category), with EN/FR names and quick-add aliases',
        params: OrgParams,
        querystring: IncludeArchived,
        response: { 200: Type.Object({ items: Type.Array(CategoryBody) }), ...ErrorResponses },
      },
    },
    async (request) => {
      const rows = await listCategories(db, request.member.organizationId);
      return { items: rows.filter((r) => request.query.includeArchived || !r.archivedAt).map(categoryBody) };
    },
  );

  app.post(
    '/categories',
    {
      config: { roles: MANAGERS },
      schema: {
        tags: ['catalog'],
        summary: 'Add a category (managers)',
        params: OrgParams,
        body: Type.Object(
          {
            group: Group,
            nameEn: Name,
            nameFr: Name,
            color: Color,
            aliasesEn: Type.Optional(Aliases),
            aliasesFr: Type.Optional(Aliases),
          },
          { additionalProperties: false },
        ),
        response: { 201: CategoryBody, ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const existing = await listCategories(db, request.member.organizationId);
      let key = `custom.${slugify(request.body.nameEn)}`;
      for (let n = 2; existing.some((c) => c.key === key); n++) key = `custom.${slugify(request.body.nameEn)}-${n}`;
      const row = await createCategory(db, request.member.organizationId, {
        ...request.body,
        key,
        position: existing.length,
      });
      return reply.code(201).send(categoryBody(row));
    },
  );

  app.patch(
    '/categories/:categoryId',
    {
      config: { roles: MANAGERS },
      schema: {
        tags: ['catalog'],
        summary: 'Rename, recolor, re-alias or archive a category (managers); its key never changes',
        params: Type.Object({ orgId: Uuid, categoryId: Uuid }, { additionalProperties: false }),
        body: Type.Object(
          {
            group: Type.Optional(Group),
            nameEn: Type.Optional(Name),
            nameFr: Type.Optional(Name),
            color: Type.Optional(Color),
            aliasesEn: Type.Optional(Aliases),
            aliasesFr: Type.Optional(Aliases),
            position: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
            archived: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: CategoryBody, ...ErrorResponses },
      },
    },
    async (request) => {
      const { archived, ...patch } = request.body;
      const row = await updateCategory(db, request.member.organizationId, request.params.categoryId, {
        ...patch,
        ...archivedPatch(archived, clock.now()),
      });
      if (!row) throw notFound('Category');
      return categoryBody(row);
    },
  );

  // Brands
  app.get(
    '/brands',
    {
      schema: {
        tags: ['catalog'],
        summary: 'Brands (clients or accounts) the team works for',
        params: OrgParams,
        querystring: IncludeArchived,
        response: { 200: Type.Object({ items: Type.Array(BrandBody) }), ...ErrorResponses },
      },
    },
    async (request) => {
      const rows = await listBrands(db, request.member.organizationId);
      return { items: rows.filter((r) => request.query.includeArchived || !r.archivedAt).map(brandBody) };
    },
  );

  app.post(
    '/brands',
    {
      config: { roles: MANAGERS },
      schema: {
        tags: ['catalog'],
        summary: 'Add a brand (managers)',
        params: OrgParams,
        body: Type.Object(
          { name: Name, slug: Type.Optional(Slug), color: Type.Optional(Color) },
          { additionalProperties: false },
        ),
        response: { 201: BrandBody, ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const row = await createBrand(db, request.member.organizationId, {
        name: request.body.name,
        slug: request.body.slug ?? slugify(request.body.name),
        color: request.body.color ?? '#666666',
      });
      return reply.code(201).send(brandBody(row));
    },
  );

  app.patch(
    '/brands/:brandId',
    {
      config: { roles: MANAGERS },
      schema: {
        tags: ['catalog'],
        summary: 'Rename, recolor or archive a brand (managers)',
        params: Type.Object({ orgId: Uuid, brandId: Uuid }, { additionalProperties: false }),
        body: Type.Object(
          {
            name: Type.Optional(Name),
            slug: Type.Optional(Slug),
            color: Type.Optional(Color),
            archived: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: BrandBody, ...ErrorResponses },
      },
    },
    async (request) => {
      const { archived, ...patch } = request.body;
      const row = await updateBrand(db, request.member.organizationId, request.params.brandId, {
        ...patch,
        ...archivedPatch(archived, clock.now()),
      });
      if (!row) throw notFound('Brand');
      return brandBody(row);
    },
  );

  // Deliverable types
  app.get(
    '/deliverable-types',
    {
      schema: {
        tags: ['catalog'],
        summary: 'Deliverable types with their perceived minutes (what management believes one takes)',
        params: OrgParams,
        querystring: IncludeArchived,
        response: { 200: Type.Object({ items: Type.Array(DeliverableTypeBody) }), ...ErrorResponses },
      },
    },
    async (request) => {
      const rows = await listDeliverableTypes(db, request.member.organizationId);
      return { items: rows.filter((r) => request.query.includeArchived || !r.archivedAt).map(typeBody) };
    },
  );

  const PerceivedMinutes = Type.Number({ minimum: 0, maximum: 10080 });
  app.post(
    '/deliverable-types',
    {
      config: { roles: MANAGERS },
      schema: {
        tags: ['catalog'],
        summary: 'Add a deliverable type (managers)',
        params: OrgParams,
        body: Type.Object(
          {
            nameEn: Name,
            nameFr: Name,
            perceivedMinutes: PerceivedMinutes,
            aliasesEn: Type.Optional(Aliases),
            aliasesFr: Type.Optional(Aliases),
          },
          { additionalProperties: false },
        ),
        response: { 201: DeliverableTypeBody, ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const existing = await listDeliverableTypes(db, request.member.organizationId);
      let key = slugify(request.body.nameEn);
      for (let n = 2; existing.some((t) => t.key === key); n++) key = `${slugify(request.body.nameEn)}-${n}`;
      const { perceivedMinutes, ...rest } = request.body;
      const row = await createDeliverableType(db, request.member.organizationId, {
        ...rest,
        key,
        perceivedSeconds: Math.round(perceivedMinutes * 60),
        position: existing.length,
      });
      return reply.code(201).send(typeBody(row));
    },
  );

  app.patch(
    '/deliverable-types/:deliverableTypeId',
    {
      config: { roles: MANAGERS },
      schema: {
        tags: ['catalog'],
        summary: 'Change a deliverable type, e.g. its perceived minutes (managers)',
        params: Type.Object({ orgId: Uuid, deliverableTypeId: Uuid }, { additionalProperties: false }),
        body: Type.Object(
          {
            nameEn: Type.Optional(Name),
            nameFr: Type.Optional(Name),
            perceivedMinutes: Type.Optional(PerceivedMinutes),
            aliasesEn: Type.Optional(Aliases),
            aliasesFr: Type.Optional(Aliases),
            archived: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: DeliverableTypeBody, ...ErrorResponses },
      },
    },
    async (request) => {
      const { archived, perceivedMinutes, ...patch } = request.body;
      const row = await updateDeliverableType(db, request.member.organizationId, request.params.deliverableTypeId, {
        ...patch,
        ...(perceivedMinutes === undefined ? {} : { perceivedSeconds: Math.round(perceivedMinutes * 60) }),
        ...archivedPatch(archived, clock.now()),
      });
      if (!row) throw notFound('Deliverable type');
      return typeBody(row);
    },
  );

  // Deliverables
  app.get(
    '/deliverables',
    {
      schema: {
        tags: ['catalog'],
        summary: 'Deliverables (posts, reels, articles…) by publication date',
        params: OrgParams,
        querystring: Type.Object(
          {
            from: Type.Optional(LocalDate),
            to: Type.Optional(LocalDate),
            brandId: Type.Optional(Uuid),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(DeliverableBody) }), ...ErrorResponses },
      },
    },
    async (request) => {
      const rows = await listDeliverables(db, request.member.organizationId, {
        ...request.query,
        limit: request.query.limit ?? 100,
      });
      return { items: rows.map(deliverableBody) };
    },
  );

  const DeliverableInput = {
    title: Type.String({ minLength: 1, maxLength: 200 }),
    brandId: Type.Union([Uuid, Type.Null()]),
    platform: Type.Union([Platform, Type.Null()]),
    publishedOn: Type.Union([LocalDate, Type.Null()]),
  };

  app.post(
    '/deliverables',
    {
      schema: {
        tags: ['catalog'],
        summary: 'Record a deliverable',
        params: OrgParams,
        body: Type.Object(
          {
            deliverableTypeId: Uuid,
            title: DeliverableInput.title,
            brandId: Type.Optional(DeliverableInput.brandId),
            platform: Type.Optional(DeliverableInput.platform),
            publishedOn: Type.Optional(DeliverableInput.publishedOn),
          },
          { additionalProperties: false },
        ),
        response: { 201: DeliverableBody, ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const orgId = request.member.organizationId;
      if (!(await getDeliverableType(db, orgId, request.body.deliverableTypeId))) {
        throw invalidField('body.deliverableTypeId', 'is not a deliverable type of this organization');
      }
      await assertBrand(orgId, request.body.brandId);
      const row = await createDeliverable(db, orgId, request.body);
      return reply.code(201).send(deliverableBody(row));
    },
  );

  app.get(
    '/deliverables/:deliverableId',
    {
      schema: {
        tags: ['catalog'],
        summary: 'One deliverable',
        params: Type.Object({ orgId: Uuid, deliverableId: Uuid }, { additionalProperties: false }),
        response: { 200: DeliverableBody, ...ErrorResponses },
      },
    },
    async (request) => {
      const row = await getDeliverable(db, request.member.organizationId, request.params.deliverableId);
      if (!row) throw notFound('Deliverable');
      return deliverableBody(row);
    },
  );

  app.patch(
    '/deliverables/:deliverableId',
    {
      schema: {
        tags: ['catalog'],
        summary: 'Change a deliverable',
        params: Type.Object({ orgId: Uuid, deliverableId: Uuid }, { additionalProperties: false }),
        body: Type.Object(
          {
            title: Type.Optional(DeliverableInput.title),
            brandId: Type.Optional(DeliverableInput.brandId),
            platform: Type.Optional(DeliverableInput.platform),
            publishedOn: Type.Optional(DeliverableInput.publishedOn),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: DeliverableBody, ...ErrorResponses },
      },
    },
    async (request) => {
      await assertBrand(request.member.organizationId, request.body.brandId);
      const row = await updateDeliverable(
        db,
        request.member.organizationId,
        request.params.deliverableId,
        request.body,
      );
      if (!row) throw notFound('Deliverable');
      return deliverableBody(row);
    },
  );
};

export default catalogRoutes;
