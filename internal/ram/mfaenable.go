package ram

import (
	"context"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/errs"
	"github.com/rampart-iam/rampart/internal/store"
)

// EnableMFA creates the virtual MFA device named after a user (the caller when UserName is
// ""), as RAM's console does when it enables MFA, and returns its seed, once; BindMFADevice
// then binds it with two codes. It is CreateVirtualMFADevice, except that a device of that
// name bound to no one, what an Enable whose binding was abandoned or refused leaves behind, is
// deleted first in the same transaction: its key was shown only once, so it could never be
// bound, and it would stop every later Enable with EntityAlreadyExists.VirtualMFADevice.
//
// It is authorized and audited as the calls it stands for: ram:CreateVirtualMFADevice on mfa/*
// (a RAM user needs no policy under AllowUserToManageMFADevices, as for the API call) and, when
// it replaces a device, ram:DeleteVirtualMFADevice on it. A user enabling its own MFA under
// AllowUserToManageMFADevices needs no policy for the delete either: the device bears its name
// and no one holds it. Anyone else, and a user lacking the setting, needs one; an explicit
// Deny still wins, and a refusal of either call changes nothing. A device of that name bound to
// anyone stays: EntityAlreadyExists.VirtualMFADevice.
func (s *Service) EnableMFA(ctx context.Context, c *authz.Caller, in UserInput) (NewVirtualMFADevice, error) {
	if err := s.checkKeyOwner(in.UserName); err != nil {
		return NewVirtualMFADevice{}, err
	}
	name := in.UserName
	if name == "" && c != nil && c.Type == authz.User {
		name = c.Name
	}
	if name == "" {
		return NewVirtualMFADevice{}, missing("UserName")
	}
	account := s.accountID()
	serial := serialNumber(account, name)
	seed, qr, err := newTOTPSeed(name + "@" + account)
	if err != nil {
		return NewVirtualMFADevice{}, errs.Wrap(err)
	}
	create := s.begin(c, "ram:CreateVirtualMFADevice", in.RequestID).Op
	create.Target = mfaARN(account, name)
	// k is the create; when it replaces a device, the delete, then the create again
	// (operation.Op.Then): a denial is audited as the call refused, a success as the delete,
	// if any, and the create.
	k := &call{s: s, Op: create}
	err = s.ops.Write(ctx, &k.Op, func(tx store.Tx) error {
		sub, err := k.subject(ctx, tx, in.UserName, false)
		if err != nil {
			return err
		}
		// Any RAM user may create a device under the setting, as with CreateVirtualMFADevice.
		anyone := subject{user: sub.user, arn: mfaARN(account, "*"), self: c != nil && c.Type == authz.User}
		if err := k.allowSubject(ctx, tx, anyone, manageMFADevices); err != nil {
			return err
		}
		left, err := leftoverMFADevice(ctx, tx, serial)
		if err != nil {
			return err
		}
		if left {
			// Only the user named is exempt from a policy for deleting the leftover.
			own := subject{user: sub.user, arn: mfaARN(account, name), self: sub.self}
			k.Op = s.begin(c, "ram:DeleteVirtualMFADevice", in.RequestID).Op
			if err := k.allowSubject(ctx, tx, own, manageMFADevices); err != nil {
				return err
			}
			k.Then(create)
			if err := tx.DeleteMFADevice(ctx, serial); err != nil {
				return err
			}
		}
		return s.storeMFADevice(ctx, tx, store.VirtualMFADevice{SerialNumber: serial, CreateDate: s.clock()}, seed)
	})
	if err != nil {
		return NewVirtualMFADevice{}, err
	}
	return NewVirtualMFADevice{SerialNumber: serial, Base32StringSeed: seed, QRCodePNG: qr}, nil
}

// leftoverMFADevice reports whether the device serial exists bound to no one: what an Enable or
// a binding abandoned or refused leaves behind, whose key was shown once and is lost, so that a
// new device of its name replaces it. A device bound to anyone stays: errMFADeviceExists.
func leftoverMFADevice(ctx context.Context, r store.Reader, serial string) (bool, error) {
	d, err := r.GetMFADevice(ctx, serial)
	switch {
	case notFound(err):
		return false, nil
	case err != nil:
		return false, wrapf(err, "read MFA device %s", serial)
	case d.UserID != "":
		return false, errMFADeviceExists()
	}
	return true, nil
}
