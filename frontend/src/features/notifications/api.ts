import { api } from "../../api/client";
import { call, type ApiResult } from "../../api/errors";
import type { components } from "../../api/schema";

export type Notice = components["schemas"]["NotificationOut"];
export type NoticePage = components["schemas"]["PaginatedNotificationOutList"];

export function listNotices(page: number): Promise<ApiResult<NoticePage>> {
  return call(() => api.GET("/api/v1/notifications/", { params: { query: { page, page_size: 20 } } }));
}

export function markRead(id: number): Promise<ApiResult<{ marked: number }>> {
  return call(() => api.POST("/api/v1/notifications/{id}/read/", { params: { path: { id } } }));
}

export function markAllRead(): Promise<ApiResult<{ marked: number }>> {
  return call(() => api.POST("/api/v1/notifications/read-all/"));
}
