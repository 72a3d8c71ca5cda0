import { z } from 'zod';

export const FREQUENCIES = ['One_Hour', 'Three_Hours', 'Six_Hours', 'Twelve_Hours', 'TwentyFour_Hours'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

/** Runs a day of a periodic rule at each MaximumExecutionFrequency (Config API reference). */
export const RUNS_PER_DAY: Record<Frequency, number> = {
  One_Hour: 24,
  Three_Hours: 8,
  Six_Hours: 4,
  Twelve_Hours: 2,
  TwentyFour_Hours: 1,
};

/** Short labels for tables: One_Hour -> 1h. */
export const FREQUENCY_LABEL: Record<Frequency, string> = {
  One_Hour: '1h',
  Three_Hours: '3h',
  Six_Hours: '6h',
  Twelve_Hours: '12h',
  TwentyFour_Hours: '24h',
};

const resourceTypeName = z.string().regex(/^AWS::[A-Za-z0-9]*::[A-Za-z0-9]+$/, 'a resource type such as AWS::ECS::TaskDefinition');
export const triggerSchema = z.enum(['change', 'periodic', 'both']);
export type Trigger = z.infer<typeof triggerSchema>;

const managedRuleSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9-]+$/),
    identifier: z.string().regex(/^[A-Z0-9_]+$/),
    service: z.string().min(1),
    trigger: triggerSchema,
    resourceTypes: z.array(resourceTypeName).min(1),
    accountLevel: z.boolean(),
    parameters: z.array(
      z.object({ name: z.string(), type: z.string().nullable(), required: z.boolean(), default: z.unknown() }).strict(),
    ),
    defaultMaximumExecutionFrequency: z.enum(FREQUENCIES).nullable(),
    allowedMaximumExecutionFrequency: z.array(z.enum(FREQUENCIES)),
    securityHubControls: z.array(z.object({ control: z.string(), fsbp: z.boolean(), note: z.string() }).strict()),
    conformancePacks: z.array(z.string().min(1)),
    checks: z.string(),
    verification: z.string(),
    sources: z.array(z.string().min(1)).min(1),
  })
  .strict()
  .refine((r) => r.trigger === 'change' || r.defaultMaximumExecutionFrequency !== null, {
    message: 'a periodic rule needs defaultMaximumExecutionFrequency',
  });
export type ManagedRule = z.infer<typeof managedRuleSchema>;

export const ruleCatalogSchema = z
  .object({
    description: z.string(),
    source: z.string(),
    ruleSets: z.record(
      z.string().regex(/^[a-z0-9-]+$/),
      z.object({ description: z.string(), source: z.string(), rules: z.array(z.string()).min(1) }).strict(),
    ),
    rules: z.array(managedRuleSchema).min(1),
  })
  .strict();
export type RuleCatalogData = z.infer<typeof ruleCatalogSchema>;

/** A rule named in a user's rule-set file: a catalog name, or an object that adjusts it or defines a custom rule. */
const ruleReferenceSchema = z.union([
  z.string().min(1),
  z
    .object({
      rule: z.string().min(1),
      maximumExecutionFrequency: z.enum(FREQUENCIES).optional(),
      trigger: triggerSchema.optional(),
      resourceTypes: z.array(resourceTypeName).min(1).optional(),
      accountLevel: z.boolean().optional(),
      parameters: z.record(z.string(), z.unknown()).optional(),
    })
    .strict(),
]);
export type RuleReference = z.infer<typeof ruleReferenceSchema>;

export const ruleSetFileSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().optional(),
    deployment: z.enum(['rules', 'conformance-pack']).default('rules'),
    rules: z.array(ruleReferenceSchema),
  })
  .strict();
export type RuleSetFile = z.infer<typeof ruleSetFileSchema>;

export const inventoryFileSchema = z
  .object({
    resources: z.array(
      z
        .object({
          account: z.string().regex(/^\d{12}$/, 'a 12-digit account id'),
          region: z.string().min(1),
          resourceType: resourceTypeName,
          count: z.number().int().min(0),
        })
        .strict(),
    ),
  })
  .strict();
export type InventoryFile = z.infer<typeof inventoryFileSchema>;
