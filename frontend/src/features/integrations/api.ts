import { api } from "../../api/client";
import { call, type ApiResult } from "../../api/errors";
import type { components } from "../../api/schema";

type Schemas = components["schemas"];
export type ApiClient = Schemas["ApiClientOut"];
export type ApiClientCreated = Schemas["ApiClientCreatedOut"];
export type ApiClientBody = Schemas["ApiClientCreateInRequest"];
export type ApiKey = Schemas["ApiKeyOut"];
export type IssuedKey = Schemas["ApiKeyIssuedOut"];
export type Scope = Schemas["ScopesEnum"];
export type AuditEntry = Schemas["ApiClientAuditOut"];
export type Webhook = Schemas["WebhookOut"];
export type Delivery = Schemas["WebhookMessageOut"];

// A desa has a handful of applications; one page of 100 is all of them.
const ALL = { page_size: 100 } as const;

export function listClients(): Promise<ApiResult<Schemas["PaginatedApiClientOutList"]>> {
  return call(() => api.GET("/api/v1/api-clients/", { params: { query: ALL } }));
}

export function createClient(body: ApiClientBody): Promise<ApiResult<ApiClientCreated>> {
  return call(() => api.POST("/api/v1/api-clients/", { body }));
}

export function revokeClient(id: string): Promise<ApiResult<ApiClient>> {
  return call(() => api.POST("/api/v1/api-clients/{client_id}/revoke/", { params: { path: { client_id: id } } }));
}

export function rotateKey(id: string): Promise<ApiResult<IssuedKey>> {
  return call(() => api.POST("/api/v1/api-clients/{client_id}/keys/", { params: { path: { client_id: id } } }));
}

export function revokeKey(id: string, prefix: string): Promise<ApiResult<ApiKey>> {
  return call(() =>
    api.POST("/api/v1/api-clients/{client_id}/keys/{prefix}/revoke/", { params: { path: { client_id: id, prefix } } }),
  );
}

export function listAudit(id: string): Promise<ApiResult<Schemas["PaginatedApiClientAuditOutList"]>> {
  return call(() => api.GET("/api/v1/api-clients/{client_id}/audit/", { params: { path: { client_id: id }, query: ALL } }));
}

export function listWebhooks(id: string): Promise<ApiResult<Schemas["PaginatedWebhookOutList"]>> {
  return call(() => api.GET("/api/v1/api-clients/{client_id}/webhooks/", { params: { path: { client_id: id }, query: ALL } }));
}

export function listDeliveries(id: string, webhook: string): Promise<ApiResult<Schemas["PaginatedWebhookMessageOutList"]>> {
  return call(() =>
    api.GET("/api/v1/api-clients/{client_id}/webhooks/{webhook_id}/deliveries/", {
      params: { path: { client_id: id, webhook_id: webhook }, query: { page_size: 20 } },
    }),
  );
}
