// Deployments: rolling and recreate rollouts of ReplicaSets.
export { startDeploymentController } from './controller.ts';
