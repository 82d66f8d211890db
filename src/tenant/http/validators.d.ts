// Types of the validators scripts/build-validators.mjs generates into dist at build time.
import type { ValidateFunction } from 'ajv';

export declare const incidentCreateBody: ValidateFunction;
export declare const incidentPatchBody: ValidateFunction;
export declare const incidentCloseBody: ValidateFunction;
export declare const searchBody: ValidateFunction;
export declare const tenantKeyBody: ValidateFunction;
export declare const contentSyncBody: ValidateFunction;
export declare const contentItemBody: ValidateFunction;
export declare const playbookRunBody: ValidateFunction;
export declare const taskCompleteBody: ValidateFunction;
export declare const listPutBody: ValidateFunction;
export declare const playbookSettingsBody: ValidateFunction;
export declare const warRoomCommandBody: ValidateFunction;
export declare const incidentBulkBody: ValidateFunction;
