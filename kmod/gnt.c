// SPDX-License-Identifier: GPL-2.0
/*
 * Grants, dom0's side, in the shape of Linux's gntdev: GNT_MAP gives a
 * file descriptor whose one page is a domU's granted page (a ring, the
 * store page), GNT_COPY has the hypervisor copy between grants and this
 * process's memory.
 *
 * A map lives as long as its file and every mapping of it (a reference
 * each).  When the last goes, the hypervisor drops the page from dom0's
 * nested tables, and every CPU flushes before the grant is released: so
 * no CPU reaches the page once the guest may reuse it.  A destroy revokes
 * the domain's maps first (hoist_gnt_revoke()): user mappings are zapped
 * and fault with SIGBUS from then on, and the grant is unmapped at once.
 *
 * Each map has its own inode (anon_inode_getfd_secure()), so that a revoke
 * zaps exactly its mappings.  Pages are inserted at fault time, under the
 * map's lock, so no mapping can appear after a revoke.
 */
#define pr_fmt(fmt) "hoist: " fmt

#include <linux/anon_inodes.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <hoist/ioctl.h>
#include <hoist/xen.h>
#include "hoist.h"
#include "domain.h"

struct hoist_gnt {
	struct list_head node;		/* on gnts, under gnts_lock */
	struct kref ref;		/* the file and each mapping */
	struct mutex lock;		/* revoked, mapping */
	u32 domid;
	u32 gref;
	bool ro;
	bool revoked;			/* unmapped already: faults SIGBUS */
	unsigned long frame;		/* the host frame, while not revoked */
	struct address_space *mapping;	/* the file's, once mmap()ed */
};

static LIST_HEAD(gnts);
static DEFINE_MUTEX(gnts_lock);

/*
 * Out of dom0's nested tables, then every CPU flushes: the grant goes
 * back to the guest in the last TLB sync (HOIST_HC_TLB_SYNC), before this
 * returns.
 */
static void unmap_in_hv(struct hoist_gnt *g)
{
	long r = hoist_hypercall(HOIST_HC_GNT_UNMAP, g->domid, g->gref,
				 g->frame);

	if (r)
		pr_err("d%u: grant %u: unmap failed (%ld)\n", g->domid,
		       g->gref, r);
	hoist_tlb_sync_all();
	while (hoist_hypercall(HOIST_HC_TLB_SYNC, 0, 0, 0) > 0)
		cond_resched();	/* bounded per call: see HOIST_HC_TLB_SYNC */
}

static void gnt_free(struct kref *ref)
{
	struct hoist_gnt *g = container_of(ref, struct hoist_gnt, ref);

	mutex_lock(&gnts_lock);
	list_del(&g->node);
	mutex_unlock(&gnts_lock);
	if (!g->revoked)
		unmap_in_hv(g);
	kfree(g);
}

static void gnt_put(struct hoist_gnt *g)
{
	kref_put(&g->ref, gnt_free);
}

static void gnt_vm_open(struct vm_area_struct *vma)
{
	struct hoist_gnt *g = vma->vm_private_data;

	kref_get(&g->ref);
}

static void gnt_vm_close(struct vm_area_struct *vma)
{
	gnt_put(vma->vm_private_data);
}

static vm_fault_t gnt_vm_fault(struct vm_fault *vmf)
{
	struct hoist_gnt *g = vmf->vma->vm_private_data;
	vm_fault_t r = VM_FAULT_SIGBUS;

	mutex_lock(&g->lock);
	if (!g->revoked)
		r = vmf_insert_pfn(vmf->vma, vmf->address, g->frame);
	mutex_unlock(&g->lock);
	return r;
}

static const struct vm_operations_struct gnt_vm_ops = {
	.open = gnt_vm_open,
	.close = gnt_vm_close,
	.fault = gnt_vm_fault,
};

static int gnt_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct hoist_gnt *g = file->private_data;
	int r = 0;

	if (vma->vm_pgoff || vma_pages(vma) != 1 ||
	    !(vma->vm_flags & VM_SHARED))
		return -EINVAL;
	if (g->ro && (vma->vm_flags & VM_WRITE))
		return -EPERM;
	mutex_lock(&g->lock);
	if (g->revoked) {
		r = -ENODEV;
	} else {
		g->mapping = file->f_mapping;
		if (g->ro)
			vma->vm_flags &= ~VM_MAYWRITE;
		vma->vm_flags |= VM_PFNMAP | VM_IO | VM_DONTEXPAND |
				 VM_DONTDUMP | VM_DONTCOPY;
		vma->vm_ops = &gnt_vm_ops;
		vma->vm_private_data = g;
		kref_get(&g->ref);
	}
	mutex_unlock(&g->lock);
	return r;
}

static int gnt_release(struct inode *inode, struct file *file)
{
	gnt_put(file->private_data);
	return 0;
}

static const struct file_operations gnt_fops = {
	.owner = THIS_MODULE,
	.mmap = gnt_mmap,
	.release = gnt_release,
	.llseek = noop_llseek,
};

/* Under d->lock: the hypervisor maps it, and a file holds the map. */
static long map_locked(struct hoist_dom *d, struct hoist_gnt_map *req)
{
	struct hoist_gnt *g;
	long r;

	if (d->gone || d->revoking || !d->booted)
		return -ENOENT;
	g = kzalloc(sizeof(*g), GFP_KERNEL);
	if (!g)
		return -ENOMEM;
	kref_init(&g->ref);
	mutex_init(&g->lock);
	g->domid = d->domid;
	g->gref = req->ref;
	g->ro = req->flags & HOIST_GNT_MAP_RO;
	/* It may split dom0's nested tables: room is grown on -ENOMEM. */
	r = hoist_hypercall_grow(HOIST_HC_GNT_MAP, d->domid, req->ref,
				 req->flags);
	if (r < 0) {
		kfree(g);
		return r;
	}
	g->frame = r;
	mutex_lock(&gnts_lock);
	list_add_tail(&g->node, &gnts);
	mutex_unlock(&gnts_lock);
	r = anon_inode_getfd_secure("[hoist-gnt]", &gnt_fops, g,
				    O_RDWR | O_CLOEXEC, NULL);
	if (r < 0) {
		gnt_put(g);
		return r;
	}
	req->fd = r;
	return 0;
}

long hoist_gnt_map(void *data)
{
	struct hoist_gnt_map *req = data;
	struct hoist_dom *d;
	long r;

	if (req->flags & ~HOIST_GNT_MAP_RO)
		return -EINVAL;
	d = hoist_dom_get(req->domid);
	if (!d)
		return -ENOENT;
	mutex_lock(&d->lock);
	r = map_locked(d, req);
	mutex_unlock(&d->lock);
	hoist_dom_put(d);
	return r;
}

/* The next live map of domid not yet revoked, referenced; or NULL. */
static struct hoist_gnt *next_to_revoke(u32 domid)
{
	struct hoist_gnt *g;

	mutex_lock(&gnts_lock);
	list_for_each_entry(g, &gnts, node)
		if (g->domid == domid && !READ_ONCE(g->revoked) &&
		    kref_get_unless_zero(&g->ref)) {
			mutex_unlock(&gnts_lock);
			return g;
		}
	mutex_unlock(&gnts_lock);
	return NULL;
}

/*
 * Under d->lock, before a destroy: every map of d's grants goes, whoever
 * holds it.  (One whose last reference is going unmaps itself: the
 * destroy waits for it, -EBUSY from the hypervisor meanwhile.)
 */
void hoist_gnt_revoke(struct hoist_dom *d)
{
	struct hoist_gnt *g;

	d->revoking = true;
	while ((g = next_to_revoke(d->domid))) {
		mutex_lock(&g->lock);
		if (!g->revoked) {
			g->revoked = true;
			if (g->mapping)
				unmap_mapping_range(g->mapping, 0, PAGE_SIZE, 1);
			unmap_in_hv(g);
		}
		mutex_unlock(&g->lock);
		gnt_put(g);
	}
}

/* One segment into a hypervisor op: 0, or the GNTST_* it fails with. */
static int seg_to_op(const struct hoist_gnt_copy_seg *s, struct gnttab_copy *op,
		     struct page **page)
{
	bool to_guest = s->flags == GNTCOPY_dest_gref;
	u64 virt = to_guest ? s->source.virt : s->dest.virt;
	struct gnttab_copy_ptr *g = to_guest ? &op->dest : &op->source;
	struct gnttab_copy_ptr *l = to_guest ? &op->source : &op->dest;
	const typeof(s->source.foreign) *f = to_guest ? &s->dest.foreign :
						       &s->source.foreign;

	if ((s->flags != GNTCOPY_dest_gref && s->flags != GNTCOPY_source_gref) ||
	    offset_in_page(virt) + s->len > PAGE_SIZE ||
	    (u32)f->offset + s->len > PAGE_SIZE)
		return GNTST_bad_copy_arg;
	/* Written by the copy when it is the destination. */
	if (pin_user_pages_fast(virt & PAGE_MASK, 1, to_guest ? 0 : FOLL_WRITE,
				page) != 1)
		return GNTST_bad_virt_addr;
	memset(op, 0, sizeof(*op));
	g->u.ref = f->ref;
	g->domid = f->domid;
	g->offset = f->offset;
	l->u.gmfn = page_to_pfn(*page);
	l->domid = DOMID_SELF;
	l->offset = offset_in_page(virt);
	op->len = s->len;
	op->flags = s->flags;
	return 0;
}

/* One batch of up to HOIST_GNT_COPY_BATCH segments, statuses filled in. */
static void copy_batch(struct hoist_gnt_copy_seg *segs, u32 n,
		       struct gnttab_copy *ops, struct page **pages, u32 *idx)
{
	u32 i, nops = 0;
	long done;

	for (i = 0; i < n; i++) {
		int st = seg_to_op(&segs[i], &ops[nops], &pages[nops]);

		segs[i].status = st;
		if (!st)
			idx[nops++] = i;
	}
	done = nops ? hoist_hypercall(HOIST_HC_GNT_COPY, (unsigned long)ops,
				      nops, 0) : 0;
	for (i = 0; i < nops; i++) {
		bool dirty = ops[i].flags == GNTCOPY_source_gref;

		segs[idx[i]].status = done > (long)i ? ops[i].status :
				      GNTST_general_error;
		unpin_user_pages_dirty_lock(&pages[i], 1, dirty);
	}
}

long hoist_gnt_copy(void *data)
{
	struct hoist_gnt_copy *req = data;
	struct hoist_gnt_copy_seg *segs;
	struct gnttab_copy *ops;
	struct page **pages;
	u32 *idx, done = 0;
	long r = 0;

	if (req->count > HOIST_GNT_COPY_MAX || req->pad ||
	    (req->count && !req->segs))
		return -EINVAL;
	segs = kmalloc_array(HOIST_GNT_COPY_BATCH, sizeof(*segs), GFP_KERNEL);
	ops = kmalloc_array(HOIST_GNT_COPY_BATCH, sizeof(*ops), GFP_KERNEL);
	pages = kmalloc_array(HOIST_GNT_COPY_BATCH, sizeof(*pages), GFP_KERNEL);
	idx = kmalloc_array(HOIST_GNT_COPY_BATCH, sizeof(*idx), GFP_KERNEL);
	if (!segs || !ops || !pages || !idx) {
		r = -ENOMEM;
		goto out;
	}
	while (done < req->count) {
		u32 n = min_t(u32, req->count - done, HOIST_GNT_COPY_BATCH);
		void __user *at = u64_to_user_ptr(req->segs) + done * sizeof(*segs);

		if (copy_from_user(segs, at, n * sizeof(*segs))) {
			r = -EFAULT;
			break;
		}
		copy_batch(segs, n, ops, pages, idx);
		if (copy_to_user(at, segs, n * sizeof(*segs))) {
			r = -EFAULT;
			break;
		}
		done += n;
		if (fatal_signal_pending(current)) {
			r = -EINTR;
			break;
		}
		cond_resched();
	}
out:
	kfree(idx);
	kfree(pages);
	kfree(ops);
	kfree(segs);
	return r;
}
