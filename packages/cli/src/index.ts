export { main } from './main.ts'
export { serve } from './serve.ts'
export { mirror } from './mirror.ts'
