import { paramResolver } from '../../core/http/params.ts';
import { findPost, type NewsPost } from './repo.ts';

declare module '../../core/http/env.ts' {
  interface ParamRows {
    /** The office's news post named by :post, any status (public routes show it only once published: policy.ts). */
    post: NewsPost;
  }
}

/** `:post`: core loads the office's post before the handler (another office's id is a 404). */
export const postParam = paramResolver({ name: 'post', load: (db, officeId, id) => findPost(db, officeId, id) });
