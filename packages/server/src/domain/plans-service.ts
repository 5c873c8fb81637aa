import { newId } from '../crypto/ids.js';
import { AppError } from '../errors/app-error.js';
import { isUniqueViolation, type Storage } from '../storage/storage.js';
import type { AuditLog } from './audit-log.js';
import { authorize, type Principal } from './authorization.js';
import { DEFAULT_PLANS } from './default-plans.js';
import type { Plan } from './plan-types.js';

/** The fields of a plan an admin sets; every limit is required on create. */
export type PlanParams = Omit<Plan, 'id' | 'createdAt' | 'updatedAt'>;

export type PlanPatch = Partial<Omit<PlanParams, 'code'>>;

function checkFields(params: Partial<PlanParams>): void {
  if (params.code !== undefined && !/^[a-z0-9][a-z0-9_-]{0,39}$/.test(params.code)) {
    throw new AppError('VALIDATION_FAILED', {
      message: 'A plan code is lower-case letters, digits, "-" and "_" (up to 40).',
      param: 'code',
    });
  }
  if (params.code?.startsWith('pln_')) {
    throw new AppError('VALIDATION_FAILED', {
      message: 'A plan code may not look like a plan id.',
      param: 'code',
    });
  }
  if (params.currency !== undefined && !/^[A-Z]{3}$/.test(params.currency)) {
    throw new AppError('VALIDATION_FAILED', {
      message: 'The currency is an ISO 4217 code in upper case (USD).',
      param: 'currency',
    });
  }
}

/** Plans: the seeded defaults, reading them, and the platform admin's changes. */
export class PlansService {
  constructor(
    private readonly storage: Storage,
    private readonly audit: AuditLog,
  ) {}

  /** Adds the default plans that are missing (by code); safe to run on every start, on many servers. */
  async seed(now = Date.now()): Promise<void> {
    for (const seed of DEFAULT_PLANS) {
      await this.storage.plans.insertIfAbsent({
        ...seed,
        id: newId('pln'),
        active: true,
        createdAt: now,
        updatedAt: now,
      });
    }
  }

  /** The plans a tenant can choose (active ones); the platform admin may ask for archived ones too. */
  async list(principal: Principal, includeArchived = false): Promise<Plan[]> {
    if (includeArchived) authorize(principal, 'platform:manage');
    return this.storage.plans.list(includeArchived);
  }

  async get(_principal: Principal, ref: string): Promise<Plan> {
    return this.resolve(this.storage, ref);
  }

  /** A plan by id (`pln_…`) or code (`pro`). */
  async resolve(tx: Storage, ref: string): Promise<Plan> {
    const plan = ref.startsWith('pln_') ? await tx.plans.get(ref) : await tx.plans.getByCode(ref);
    if (!plan) throw new AppError('PLAN_NOT_FOUND', { message: `No plan "${ref}".`, param: 'plan' });
    return plan;
  }

  async create(principal: Principal, params: PlanParams): Promise<Plan> {
    authorize(principal, 'platform:manage');
    checkFields(params);
    const now = Date.now();
    const plan: Plan = { ...params, id: newId('pln'), createdAt: now, updatedAt: now };
    try {
      await this.storage.transaction(async (tx) => {
        await tx.plans.insert(plan);
        await this.audit.record(tx, principal, {
          action: 'plan.created',
          tenantId: null,
          target: { type: 'plan', id: plan.id },
          details: { code: plan.code },
        });
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new AppError('PLAN_CODE_TAKEN', { message: `A plan "${params.code}" exists.`, param: 'code' });
      }
      throw error;
    }
    return plan;
  }

  /** Changes a plan; `active: false` archives it (its subscribers keep it, nobody new can choose it). */
  async update(principal: Principal, ref: string, patch: PlanPatch): Promise<Plan> {
    authorize(principal, 'platform:manage');
    checkFields(patch);
    return this.storage.transaction(async (tx) => {
      const plan = await this.resolve(tx, ref);
      const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
      const next: Plan = { ...plan, ...defined, updatedAt: Date.now() };
      await tx.plans.update(next);
      await this.audit.record(tx, principal, {
        action: 'plan.updated',
        tenantId: null,
        target: { type: 'plan', id: plan.id },
        details: { code: plan.code, changes: defined },
      });
      return next;
    });
  }
}
