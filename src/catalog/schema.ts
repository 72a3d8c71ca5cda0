import { z } from 'zod';

const resourceTypeName = z.string().regex(/^AWS::[A-Za-z0-9]+::[A-Za-z0-9]+$/, 'a resource type such as AWS::ECS::Service');

/** A CI count, fixed or chosen by a boolean assumption. */
export const ciCountSchema = z.union([
  z.number().int().min(0),
  z.object({ assumption: z.string(), ifTrue: z.number().int().min(0), ifFalse: z.number().int().min(0) }).strict(),
]);
export type CiCount = z.infer<typeof ciCountSchema>;

const idPartSchema = z
  .object({
    paths: z.array(z.string().min(1)).min(1),
    // lastPathSegment: "arn:aws:ecs:r:a:cluster/prod" -> "prod"; "task-definition/web:7" -> "web:7"
    normalize: z.enum(['raw', 'lastPathSegment']).default('raw'),
    default: z.string().optional(),
  })
  .strict();
export type IdPart = z.infer<typeof idPartSchema>;

/** What drives a call, so `plan` can scale deploys, auto scaling and task churn apart. */
export const driverSchema = z.enum(['deploy', 'scaling', 'tasks', 'other']);
export type Driver = z.infer<typeof driverSchema>;

const eventEntrySchema = z
  .object({
    eventSource: z.string().regex(/^[a-z0-9-]+\.amazonaws\.com$/),
    eventName: z.string().regex(/^[A-Za-z0-9]+$/),
    resourceType: z.union([resourceTypeName, z.object({ fromArn: z.string().min(1) }).strict()]),
    resourceId: z.array(idPartSchema).min(1).optional(),
    configurationItems: ciCountSchema,
    /** The call removes the resource: it leaves the inventory that periodic rules evaluate. */
    lifecycle: z.literal('delete').optional(),
    driver: driverSchema.optional(),
    /** The entry applies only when one of these holds (e.g. an ENI made by ECS); otherwise the call is unrelated. */
    onlyWhen: z.array(z.object({ path: z.string().min(1), in: z.array(z.string()).min(1) }).strict()).min(1).optional(),
    /** Resources whose CIs the call may also record, under a boolean assumption. */
    related: z
      .object({
        assumption: z.string(),
        resources: z.array(z.object({ resourceType: resourceTypeName, paths: z.array(z.string().min(1)).min(1) }).strict()).min(1),
      })
      .strict()
      .optional(),
    behaviour: z.enum(['registerTaskDefinition', 'deregisterTaskDefinition']).optional(),
    exceptions: z
      .array(
        z
          .object({
            when: z.object({ requestKeysSubsetOf: z.array(z.string()).min(1) }).strict(),
            configurationItems: ciCountSchema,
            driver: driverSchema.optional(),
            note: z.string().min(1),
          })
          .strict(),
      )
      .optional(),
    source: z.string().min(1),
  })
  .strict()
  .refine((e) => typeof e.resourceType !== 'string' || e.resourceId !== undefined, {
    message: 'an entry with a fixed resourceType needs resourceId',
  });
export type EventEntry = z.infer<typeof eventEntrySchema>;

export const eventCatalogSchema = z
  .object({
    description: z.string(),
    resourceTypes: z
      .array(
        z
          .object({
            type: resourceTypeName,
            source: z.string().min(1),
            // Each deploy or task makes a new resource of this type (a revision, an ENI): `plan` scales their number.
            newResourcePerCall: z.boolean().optional(),
          })
          .strict(),
      )
      .min(1),
    arnResourceTypes: z
      .object({
        source: z.string().min(1),
        entries: z.array(
          z
            .object({
              service: z.string().min(1),
              prefix: z.string().min(1),
              resourceType: resourceTypeName.nullable(),
              // nodegroup/<cluster>/<name>/<uuid>: keep <cluster>/<name>, the id the create call gives
              idSegments: z.number().int().min(1).optional(),
            })
            .strict(),
        ),
      })
      .strict(),
    events: z.array(eventEntrySchema).min(1),
  })
  .strict();
export type EventCatalogData = z.infer<typeof eventCatalogSchema>;

export const assumptionSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    type: z.enum(['boolean', 'number', 'enum']),
    default: z.union([z.boolean(), z.number(), z.string()]),
    values: z.array(z.string()).optional(),
    /** For numbers: the least value allowed (default: above zero). */
    minimum: z.number().optional(),
    description: z.string().min(1),
    reasoning: z.string().min(1),
    source: z.string().min(1),
  })
  .strict()
  .refine((a) => (a.type === 'enum' ? a.values !== undefined && a.values.includes(String(a.default)) : typeof a.default === a.type), {
    message: 'the default does not match the type',
  });
export type AssumptionDefinition = z.infer<typeof assumptionSchema>;

export const assumptionsFileSchema = z.object({ description: z.string(), assumptions: z.array(assumptionSchema).min(1) }).strict();
