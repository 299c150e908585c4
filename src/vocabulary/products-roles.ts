import { z } from 'zod';

export const Product = z.enum(['runai', 'azureml-arc']);
export type Product = z.infer<typeof Product>;

/** The machine's place in the site. A system node is also a k8s node (see `expandRoles`). */
export const Role = z.enum(['installer', 'k8s-node', 'system-node', 'bcm-headnode', 'workstation']);
export type Role = z.infer<typeof Role>;
