// The organization's catalog: categories, brands, deliverable types (perceived minutes) and deliverables.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  addBrand,
  addCategory,
  addDeliverable,
  addDeliverableType,
  changeBrand,
  changeCategory,
  changeDeliverable,
  changeDeliverableType,
  getDeliverableView,
  listBrandViews,
  listCategoryViews,
  listDeliverableTypeViews,
  listDeliverableViews,
} from '@proofwork/app';
import { CATEGORY_GROUPS, DELIVERABLE_MAX_QUANTITY, PLATFORMS } from '@proofwork/core';
import Type from 'typebox';
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
  aliases: Type.Array(Type.String(), { description: 'Other names quick-add reads as this brand' }),
  pending: Type.Boolean({ description: "Proposed from a member's quick-add line; a manager confirms it" }),
  proposedByMemberId: Type.Union([Uuid, Type.Null()]),
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
  quantity: Type.Integer({
    description: 'How many of its type it stands for ("2 posts" on one line is one deliverable of 2)',
  }),
  createdAt: Timestamp,
});

const catalogRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const deps = app.deps;

  // Categories
  app.get(
    '/categories',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['catalog'],
        summary: 'Categories of work (two levels: group and category), with EN/FR names and quick-add aliases',
        params: OrgParams,
        querystring: IncludeArchived,
        response: { 200: Type.Object({ items: Type.Array(CategoryBody) }), ...ErrorResponses },
      },
    },
    async (request) => ({ items: await listCategoryViews(deps, request.actor, request.query.includeArchived) }),
  );

  app.post(
    '/categories',
    {
      config: { scope: 'entries:write', roles: MANAGERS },
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
    async (request, reply) => reply.code(201).send(await addCategory(deps, request.actor, request.body)),
  );

  app.patch(
    '/categories/:categoryId',
    {
      config: { scope: 'entries:write', roles: MANAGERS },
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
    async (request) => changeCategory(deps, request.actor, request.params.categoryId, request.body),
  );

  // Brands
  app.get(
    '/brands',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['catalog'],
        summary: 'Brands (clients or accounts) the team works for',
        params: OrgParams,
        querystring: IncludeArchived,
        response: { 200: Type.Object({ items: Type.Array(BrandBody) }), ...ErrorResponses },
      },
    },
    async (request) => ({ items: await listBrandViews(deps, request.actor, request.query.includeArchived) }),
  );

  app.post(
    '/brands',
    {
      config: { scope: 'entries:write', roles: MANAGERS },
      schema: {
        tags: ['catalog'],
        summary: 'Add a brand (managers)',
        params: OrgParams,
        body: Type.Object(
          { name: Name, slug: Type.Optional(Slug), color: Type.Optional(Color), aliases: Type.Optional(Aliases) },
          { additionalProperties: false },
        ),
        response: { 201: BrandBody, ...ErrorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await addBrand(deps, request.actor, request.body)),
  );

  app.patch(
    '/brands/:brandId',
    {
      config: { scope: 'entries:write', roles: MANAGERS },
      schema: {
        tags: ['catalog'],
        summary: 'Rename, recolor, alias, confirm (pending: false) or archive a brand (managers)',
        params: Type.Object({ orgId: Uuid, brandId: Uuid }, { additionalProperties: false }),
        body: Type.Object(
          {
            name: Type.Optional(Name),
            slug: Type.Optional(Slug),
            color: Type.Optional(Color),
            aliases: Type.Optional(Aliases),
            pending: Type.Optional(Type.Literal(false, { description: 'Confirms a proposed brand' })),
            archived: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: BrandBody, ...ErrorResponses },
      },
    },
    async (request) => changeBrand(deps, request.actor, request.params.brandId, request.body),
  );

  // Deliverable types
  app.get(
    '/deliverable-types',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['catalog'],
        summary: 'Deliverable types with their perceived minutes (what management thinks one takes)',
        params: OrgParams,
        querystring: IncludeArchived,
        response: { 200: Type.Object({ items: Type.Array(DeliverableTypeBody) }), ...ErrorResponses },
      },
    },
    async (request) => ({
      items: await listDeliverableTypeViews(deps, request.actor, request.query.includeArchived),
    }),
  );

  const PerceivedMinutes = Type.Number({ minimum: 0, maximum: 10080 });
  app.post(
    '/deliverable-types',
    {
      config: { scope: 'entries:write', roles: MANAGERS },
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
    async (request, reply) => reply.code(201).send(await addDeliverableType(deps, request.actor, request.body)),
  );

  app.patch(
    '/deliverable-types/:deliverableTypeId',
    {
      config: { scope: 'entries:write', roles: MANAGERS },
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
    async (request) => changeDeliverableType(deps, request.actor, request.params.deliverableTypeId, request.body),
  );

  // Deliverables
  app.get(
    '/deliverables',
    {
      config: { scope: 'read' },
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
    async (request) => ({ items: await listDeliverableViews(deps, request.actor, request.query) }),
  );

  const DeliverableInput = {
    title: Type.String({ minLength: 1, maxLength: 200 }),
    brandId: Type.Union([Uuid, Type.Null()]),
    platform: Type.Union([Platform, Type.Null()]),
    publishedOn: Type.Union([LocalDate, Type.Null()]),
    quantity: Type.Integer({ minimum: 1, maximum: DELIVERABLE_MAX_QUANTITY }),
  };

  app.post(
    '/deliverables',
    {
      config: { scope: 'entries:write' },
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
            quantity: Type.Optional(DeliverableInput.quantity),
          },
          { additionalProperties: false },
        ),
        response: { 201: DeliverableBody, ...ErrorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await addDeliverable(deps, request.actor, request.body)),
  );

  app.get(
    '/deliverables/:deliverableId',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['catalog'],
        summary: 'One deliverable',
        params: Type.Object({ orgId: Uuid, deliverableId: Uuid }, { additionalProperties: false }),
        response: { 200: DeliverableBody, ...ErrorResponses },
      },
    },
    async (request) => getDeliverableView(deps, request.actor, request.params.deliverableId),
  );

  app.patch(
    '/deliverables/:deliverableId',
    {
      config: { scope: 'entries:write' },
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
            quantity: Type.Optional(DeliverableInput.quantity),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: DeliverableBody, ...ErrorResponses },
      },
    },
    async (request) => changeDeliverable(deps, request.actor, request.params.deliverableId, request.body),
  );
};

export default catalogRoutes;
