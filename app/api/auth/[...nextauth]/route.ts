import type { NextRequest } from 'next/server';
import { handlers } from '@/server/auth';
import { emailCallbackDetour, signInEmailRefusal } from '@/server/auth/email-callback-guard';

// Next answers HEAD with GET: a scanner's HEAD of the email callback gets the same detour as its GET.
export const GET = (request: NextRequest) => emailCallbackDetour(request) ?? handlers.GET(request);
export const POST = async (request: NextRequest) => emailCallbackDetour(request) ?? (await signInEmailRefusal(request)) ?? handlers.POST(request);
