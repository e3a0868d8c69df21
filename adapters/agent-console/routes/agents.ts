// Admins add agents (with a role); passwords are hashed here, never stored or logged in clear.
import type { RequestHandler } from 'express';
import { z } from 'zod';
import { createAgent } from '../../../ledger/index.js';
import { parseWith } from '../errors.js';
import { hashPassword, maximumPasswordLength, minimumPasswordLength } from '../passwords.js';
import { sessionOf } from '../sessions.js';
import type { ApiRoute, ConsoleDeps } from './route-table.js';

const newAgentSchema = z.object({
  email: z.string().trim().max(254).pipe(z.email('must be an email address')),
  name: z.string().trim().min(1, 'is required').max(80, 'must be at most 80 characters'),
  password: z
    .string()
    .min(minimumPasswordLength, `must be at least ${minimumPasswordLength} characters`)
    .max(maximumPasswordLength, `must be at most ${maximumPasswordLength} characters`),
  role: z.enum(['agent', 'supervisor', 'admin']),
});

/** The agent-management routes (admin only). */
export function agentRoutes(deps: ConsoleDeps): ApiRoute[] {
  const addAgent: RequestHandler = async (request, response) => {
    const input = parseWith(newAgentSchema, request.body);
    const admin = sessionOf(request).agent;
    const agent = await createAgent(
      deps.ledger,
      { email: input.email, name: input.name, role: input.role, passwordHash: await hashPassword(input.password) },
      admin.id,
    );
    deps.logger.info({ agentId: agent.id, role: agent.role, by: admin.id }, 'agent created');
    response.status(201).json({ agent });
  };
  return [{ method: 'post', path: '/agents', access: 'admin', handler: addAgent }];
}
