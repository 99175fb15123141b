export { FEED_ENTITIES, FEED_OWNERS, SUBSCRIBABLE_OPERATIONS, changedFields, feedEntity } from './feedEntities';
export type { ChangeOperation, FeedEntity, FeedOwner } from './feedEntities';
export { changeCloudEvent, changeEventId, changeEventType } from './cloudEvent';
export type { ChangeData } from './cloudEvent';
export {
  generateWebhookSecret,
  generateWebhookSigningKey,
  signWebhook,
  verifyAsymmetricSignature,
  webhookPublicKey,
  webhookSigningKeyFromPem,
} from './signatures';
export type { SignedHeaders, WebhookSigningKey } from './signatures';
export { subscriptionState } from './subscriptions';
export type { StopCode, Subscription, SubscriptionState } from './subscriptions';
export { rereadDocument, rereadThroughGateway } from './reread';
export type { Reread, RereadAnswer } from './reread';
export { pumpSubscription } from './pump';
export type { FeedTransport, PumpResult, SendResult } from './pump';
export { CHANGE_CHANNEL, DEFAULT_RETRY_DELAYS_MS, startFeedDispatcher, webhookTransport } from './dispatcher';
export type { FeedDispatcher, FeedDispatcherOptions } from './dispatcher';
export { feedRoutes } from './streamRoute';
export type { AuthenticateStream } from './streamRoute';
