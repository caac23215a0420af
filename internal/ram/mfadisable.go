package ram

import (
	"context"
	"time"

	"github.com/rampart-iam/rampart/internal/authz"
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
	// k is the unbind, then the delete (operation.Op.Then): a denial is audited as the call
	// refused, a success as both.
	k := s.begin(c, "ram:UnbindMFADevice", in.RequestID)
	var out MFADevice
	err := s.ops.Write(ctx, &k.Op, func(tx store.Tx) error {
		sub, err := k.subject(ctx, tx, in.UserName, false)
		if err != nil {
			return err
		}
		if err := k.allowSubject(ctx, tx, sub, manageMFADevices); err != nil {
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
		k.Detail = `{"SerialNumber":"` + d.SerialNumber + `"}`
		k.Then(s.begin(c, "ram:DeleteVirtualMFADevice", in.RequestID).Op)
		// The device is the subject's own while it is bound to it.
		own := subject{user: sub.user, arn: mfaARN(s.accountID(), name), self: sub.self}
		if err := k.allowSubject(ctx, tx, own, manageMFADevices); err != nil {
			return err
		}
		out = mfaView(d)
		d.UserID, d.ActivateDate = "", time.Time{}
		if err := tx.UpdateMFADevice(ctx, d); err != nil {
			return err
		}
		return tx.DeleteMFADevice(ctx, d.SerialNumber)
	})
	if err != nil {
		return MFADevice{}, err
	}
	return out, nil
}
