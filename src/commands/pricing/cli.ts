/**
 * The yargs wiring of `config-cost pricing show|update`, ready for src/cli.ts:
 *   .command(pricingCommand(io))
 */
import type { PricingClient } from '@aws-sdk/client-pricing';
import type { Argv, CommandModule } from 'yargs';
import { UsageError } from '../../errors.js';
import type { CommandIO } from '../io.js';
// The command module is loaded only when the command runs: the AWS SDK behind it costs startup time.
const commandModule = () => import('./index.js');
const DEFAULT_UPDATE_OUT = 'aws-config-prices.json';

export interface PricingCommandDeps {
  /** Makes the Price List API client (tests pass a mocked one). */
  createClient?: (profile?: string) => PricingClient;
  /** The `checked` date of a refresh (default: today, UTC). */
  today?: () => string;
}

const strings = (value: unknown): string[] | undefined => (value === undefined ? undefined : (Array.isArray(value) ? value : [value]).map(String));

const UPDATE_ONLY = ['regions', 'out', 'profile'] as const;
const SHOW_ONLY = ['price-list', 'region'] as const;

export function pricingCommand(io: CommandIO, deps: PricingCommandDeps = {}): CommandModule {
  return {
    command: 'pricing <action>',
    describe: 'The AWS Config prices config-cost charges: show them, or update them from the AWS Price List API',
    builder: (y: Argv) =>
      y
        .positional('action', { choices: ['show', 'update'] as const, describe: 'show the prices, or update them from the AWS Price List API' })
        .option('regions', { type: 'string', array: true, describe: 'update: region codes, comma-separated or repeated (default: the regions of the bundled list)' })
        .option('out', { type: 'string', describe: `update: the price list file to write (default ${DEFAULT_UPDATE_OUT}; pricing/aws-config.json only when named)` })
        .option('profile', { type: 'string', describe: 'update: the AWS profile whose credentials call the Price List API (pricing:GetProducts)' })
        .option('price-list', { type: 'string', describe: 'show: a price list file (default: the bundled pricing/aws-config.json)' })
        .option('region', { type: 'string', describe: 'show: only the prices of this region' })
        .option('format', { choices: ['table', 'json'] as const, default: 'table' as const, describe: 'show: output format' })
        .example('$0 pricing show --region eu-west-1', 'what config-cost charges in eu-west-1, and since when')
        .example('$0 pricing update --regions us-east-1,us-gov-west-1 --out prices.json', 'refresh two regions from the Price List API'),
    handler: async (args: Record<string, unknown>) => {
      const { createPricingClient, defaultUpdateRegions, parseRegions, runPricingShow, runPricingUpdate, todayUTC } = await commandModule();
      const action = args.action as 'show' | 'update';
      const misplaced = (action === 'show' ? UPDATE_ONLY : SHOW_ONLY).find((flag) => args[flag] !== undefined);
      if (misplaced !== undefined) throw new UsageError(`--${misplaced} applies to 'pricing ${action === 'show' ? 'update' : 'show'}', not 'pricing ${action}'`);
      if (action === 'show') {
        await runPricingShow(
          { priceList: args['price-list'] as string | undefined, region: args.region as string | undefined, format: args.format as 'table' | 'json' },
          io,
        );
        return;
      }
      if (args.format !== 'table') throw new UsageError("--format applies to 'pricing show'");
      const regionFlags = strings(args.regions);
      const regions = regionFlags === undefined ? defaultUpdateRegions() : parseRegions(regionFlags);
      const profile = args.profile as string | undefined;
      const client = (deps.createClient ?? createPricingClient)(profile);
      try {
        await runPricingUpdate(
          { regions, out: (args.out as string | undefined) ?? DEFAULT_UPDATE_OUT, client, checkedDate: (deps.today ?? todayUTC)(), profile },
          io,
        );
      } finally {
        client.destroy();
      }
    },
  };
}
