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

export type NoticePreferences = components["schemas"]["NotificationPreferencesOut"];
export type NoticePreferencesIn = components["schemas"]["NotificationPreferencesInRequest"];

/** The staff member's own choices: how each kind of notice reaches them. */
export function getNoticePreferences(): Promise<ApiResult<NoticePreferences>> {
  return call(() => api.GET("/api/v1/me/notification-preferences/"));
}

export function saveNoticePreferences(body: NoticePreferencesIn): Promise<ApiResult<NoticePreferences>> {
  return call(() => api.PUT("/api/v1/me/notification-preferences/", { body }));
}
