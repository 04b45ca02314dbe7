import { describe, expect, it } from 'vitest'
import { useConfirm } from './confirm.ts'

describe('useConfirm', () => {
  it('shows the question until it is answered, and resolves with the answer', async () => {
    const confirm = useConfirm()
    const asked = confirm.ask({ title: 'Submit X?', message: 'No edits after.', action: 'Submit' })
    expect(confirm.pending.value).toMatchObject({ title: 'Submit X?', action: 'Submit' })
    confirm.pending.value!.answer(true)
    expect(confirm.pending.value).toBeUndefined()
    await expect(asked).resolves.toBe(true)
  })

  it('going back answers no', async () => {
    const confirm = useConfirm()
    const asked = confirm.ask({ title: 'Delete X?', message: '', action: 'Delete', danger: true })
    confirm.pending.value!.answer(false)
    await expect(asked).resolves.toBe(false)
  })

  it('a new question answers the open one with no, and a late answer to it changes nothing', async () => {
    const confirm = useConfirm()
    const first = confirm.ask({ title: 'One?', message: '', action: 'One' })
    const stale = confirm.pending.value!
    const second = confirm.ask({ title: 'Two?', message: '', action: 'Two' })
    await expect(first).resolves.toBe(false)
    stale.answer(true)
    expect(confirm.pending.value?.title).toBe('Two?')
    confirm.pending.value!.answer(true)
    await expect(second).resolves.toBe(true)
  })
})
