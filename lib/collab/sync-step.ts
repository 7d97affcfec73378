/**
 * The steps of a Sync message body, as y-protocols numbers them (its sync module's
 * messageYjsSyncStep1, messageYjsSyncStep2 and messageYjsUpdate; y-protocols is not a dependency
 * of ours, so they are named here): step 1 carries a state vector, the other two an update.
 */
export const SyncStep = { Step1: 0, Step2: 1, Update: 2 } as const;
