package ram

import (
	"context"
	"time"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/operation"
	"github.com/rampart-iam/rampart/internal/store"
)

// DisableMFA unbinds a user's device (the caller's when UserName is "") and deletes it, all or
// nothing: what UnbindMFADevice and DeleteVirtualMFADevice do (the console's "Disable MFA"), in
// one transaction, so a refusal of either leaves the device bound. It is authorized and audited
// as the calls it stands for: ram:UnbindMFADevice on the user, ram:DeleteVirtualMFADevice on
// the device. A user disabling its own MFA under AllowUserToManageMFADevices needs no policy
// for either: the device it deletes is the one bound to it, just as it may create one to
// enable MFA. An explicit Deny still wins.
func (s *Service) DisableMFA(ctx context.Context, c *authz.Caller, in UserInput) (MFADevice, error) {
	if err := s.checkKeyOwner(in.UserName); err != nil {
		return MFADevice{}, err
	}
	unbind := s.begin(c, "ram:UnbindMFADevice", in.RequestID)
	del := s.begin(c, "ram:DeleteVirtualMFADevice", in.RequestID)
	// k is the call whose record the runner writes: the call denied, or else the delete (the
	// unbind is recorded in the same transaction).
	k := &call{s: s, Op: unbind.Op}
	var out MFADevice
	err := s.ops.Write(ctx, &k.Op, func(tx store.Tx) error {
		sub, err := unbind.subject(ctx, tx, in.UserName, false)
		if err != nil {
			return err
		}
		if err := unbind.allowSubject(ctx, tx, sub, manageMFADevices); err != nil {
			return err
		}
		d, err := tx.GetMFADeviceForUser(ctx, sub.user.ID)
		if notFound(err) {
			return errNoUserMFADevice()
		} else if err != nil {
			return wrapf(err, "read MFA device of user %s", sub.user.ID)
		}
		name, err := s.deviceName(d.SerialNumber)
		if err != nil {
			return wrapf(err, "name of MFA device %s", d.SerialNumber)
		}
		// The device is the subject's own while it is bound to it.
		own := subject{user: sub.user, arn: mfaARN(s.accountID(), name), self: sub.self}
		if err := del.allowSubject(ctx, tx, own, manageMFADevices); err != nil {
			k.Op = del.Op
			return err
		}
		out = mfaView(d)
		unbind.Detail = `{"SerialNumber":"` + d.SerialNumber + `"}`
		d.UserID, d.ActivateDate = "", time.Time{}
		if err := tx.UpdateMFADevice(ctx, d); err != nil {
			return err
		}
		if err := tx.DeleteMFADevice(ctx, d.SerialNumber); err != nil {
			return err
		}
		if _, err := tx.AppendAudit(ctx, unbind.Record(s.clock(), operation.ResultSuccess, unbind.Target)); err != nil {
			return err
		}
		k.Op = del.Op
		return nil
	})
	if err != nil {
		return MFADevice{}, err
	}
	return out, nil
}
